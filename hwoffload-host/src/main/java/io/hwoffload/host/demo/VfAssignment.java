package io.hwoffload.host.demo;

import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.ResourcePool;
import io.hwoffload.host.nicsim.VethPair;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which VFs the setup's pools hold on the emulated node, and which of them the demo's pods get, found as a CNI
 * finds them: by the representor of each VF index (flavour VF, by {@code phys_port_name}), and through its veth
 * pair, the VF's netdev and namespace. On the node that advertises a pool its own VFs count; on a DPU, for the
 * x86 host's pool, the host VFs' representors ({@code c1pf0vfN}, external).
 */
final class VfAssignment {
    private final List<OffloadPolicy> policies;
    private final OffloadPolicy nodePolicy;
    private final NodeInventory inventory;
    private final List<VethPair> pairs;

    VfAssignment(List<OffloadPolicy> policies, OffloadPolicy nodePolicy, NodeInventory inventory, List<VethPair> pairs) {
        this.policies = List.copyOf(policies);
        this.nodePolicy = nodePolicy;
        this.inventory = inventory;
        this.pairs = List.copyOf(pairs);
    }

    /** Every pool of the setup's policies, with the VF netdevs this node's representors lead to. */
    List<AdvertisedPool> advertisedPools() {
        List<AdvertisedPool> pools = new ArrayList<>();
        for (OffloadPolicy policy : policies) {
            boolean here = policy.name().equals(nodePolicy.name());
            for (ResourcePool pool : policy.resourcePools()) {
                List<String> vfs = vfRepresentors(pool, here).stream()
                        .map(r -> pair(r.netdev()).map(VethPair::peer).orElse(r.netdev() + "'s peer")).toList();
                pools.add(new AdvertisedPool(pool.qualifiedName(), pool.vfs().toString(), policy.name(), here, vfs));
            }
        }
        return pools;
    }

    /** The first VFs of the setup's first pool, one per pod name, with their representors and namespaces. */
    List<DemoPod> pods(List<String> names, String namespace, String subnet, int prefixLength) {
        OffloadPolicy owner = policies.stream().filter(p -> !p.resourcePools().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no policy of " + nodePolicy.name() + "'s file has a resource pool"));
        ResourcePool pool = owner.podPools().get(0);
        List<Representor> representors = vfRepresentors(pool, owner.name().equals(nodePolicy.name()));
        if (representors.size() < names.size()) {
            throw new IllegalStateException("pool " + pool.qualifiedName() + " (VFs " + pool.vfs() + ") has "
                    + representors.size() + " VF representors on this node; the demo needs " + names.size());
        }
        List<DemoPod> pods = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Representor representor = representors.get(i);
            VethPair pair = pair(representor.netdev()).orElseThrow(() -> new IllegalStateException(
                    "representor " + representor.netdev() + " has no veth pair"));
            pods.add(new DemoPod(names.get(i), namespace, representor.vfIndex(), pair.peer(), pair.peerMac(),
                    pair.peerNamespace(), representor.netdev(), subnet + (i + 2), prefixLength));
        }
        return pods;
    }

    private List<Representor> vfRepresentors(ResourcePool pool, boolean poolIsThisNodes) {
        return inventory.nics().stream().map(PhysicalFunction::representors).flatMap(List::stream)
                .filter(r -> r.flavour() == Representor.Flavour.VF && r.vfIndex() != null && r.external() != poolIsThisNodes)
                .filter(r -> pool.vfs().contains(r.vfIndex()))
                .sorted(Comparator.comparing(Representor::vfIndex))
                .toList();
    }

    private Optional<VethPair> pair(String representor) {
        return pairs.stream().filter(p -> p.representor().equals(representor)).findFirst();
    }
}
