package io.hwoffload.core.render;

import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.CniType;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.ResourcePool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks of the policies against the catalog and against each other, before anything is rendered from them. */
final class PolicyChecks {
    private final PolicyNicModels models;
    private final RenderProblems problems;

    PolicyChecks(PolicyNicModels models, RenderProblems problems) {
        this.models = models;
        this.problems = problems;
    }

    void check(List<OffloadPolicy> policies) {
        namesAreUnique(policies);
        policies.forEach(this::loadBalancersOffWhenTheNicCannotHash);
        for (int i = 0; i < policies.size(); i++) {
            for (int j = i + 1; j < policies.size(); j++) {
                poolsOfOnePfDoNotOverlap(policies.get(i), policies.get(j));
            }
        }
    }

    /** Problems name policies by name, and the operator labels nodes by it: policies from several files may clash. */
    private void namesAreUnique(List<OffloadPolicy> policies) {
        Set<String> seen = new HashSet<>();
        for (OffloadPolicy policy : policies) {
            if (!seen.add(policy.name())) {
                problems.add(policy, "metadata.name", "two policies are named " + policy.name()
                        + "; give each policy its own name");
            }
        }
    }

    /** OVN load balancers select backends with dp_hash; a NIC that cannot offload it leaves every such flow in software. */
    private void loadBalancersOffWhenTheNicCannotHash(OffloadPolicy policy) {
        Optional<NicModel> model = models.of(policy);
        if (policy.cni().type() != CniType.KUBE_OVN || !policy.cni().kubeOvn().enableLb() || model.isEmpty()) {
            return;
        }
        model.get().offloadLimits().stream().filter(code -> code.endsWith(".dp_hash")).findFirst().ifPresent(code ->
                problems.add(policy, "spec.cni.kubeOvn.enableLb", "is true (also the default when absent), but " + model.get().name()
                        + " cannot offload dp_hash (" + code + "), which OVN load balancers use, so their flows would"
                        + " stay in software; set enableLb: false (install.sh ENABLE_LB=false, Helm func.ENABLE_LB or"
                        + " features.enableLoadbalancer)"));
    }

    /**
     * The device plugin ConfigMap is one for the cluster: two policies that can select the same node and name the
     * same PF (by netdev or PCI address) must give different VFs of it to their pools. The same pool in both is one
     * claim, not two. The problem is reported on both policies: either one can give way.
     */
    private void poolsOfOnePfDoNotOverlap(OffloadPolicy first, OffloadPolicy second) {
        List<String> shared = sharedPfs(first, second);
        if (shared.isEmpty() || !canSelectTheSameNode(first, second)) {
            return;
        }
        for (int i = 0; i < first.resourcePools().size(); i++) {
            ResourcePool a = first.resourcePools().get(i);
            for (int j = 0; j < second.resourcePools().size(); j++) {
                ResourcePool b = second.resourcePools().get(j);
                if (a.vfs().overlaps(b.vfs()) && !a.qualifiedName().equals(b.qualifiedName())) {
                    overlap(second, j, b, first, a, shared);
                    overlap(first, i, a, second, b, shared);
                }
            }
        }
    }

    private void overlap(OffloadPolicy policy, int index, ResourcePool pool, OffloadPolicy other, ResourcePool otherPool,
                         List<String> shared) {
        problems.add(policy, "spec.resourcePools[" + index + "].vfRange", "VFs " + pool.vfs() + " of "
                + String.join(", ", shared) + " overlap pool " + otherPool.qualifiedName() + " (VFs " + otherPool.vfs()
                + ") of policy " + other.name() + ", which selects the same PF; a VF belongs to one pool:"
                + " give the two pools ranges that do not overlap");
    }

    /** False only when a label both nodeSelectors name must have two different values: no node has both. */
    private static boolean canSelectTheSameNode(OffloadPolicy first, OffloadPolicy second) {
        return first.nodeSelector().entrySet().stream().noneMatch(e -> second.nodeSelector().containsKey(e.getKey())
                && !second.nodeSelector().get(e.getKey()).equals(e.getValue()));
    }

    private static List<String> sharedPfs(OffloadPolicy first, OffloadPolicy second) {
        List<String> shared = new ArrayList<>();
        first.nic().pfNames().stream().filter(second.nic().pfNames()::contains).forEach(shared::add);
        first.nic().rootDevices().stream().filter(second.nic().rootDevices()::contains).map(PciAddress::toString)
                .forEach(shared::add);
        return shared;
    }
}
