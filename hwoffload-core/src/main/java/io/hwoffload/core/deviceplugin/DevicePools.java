package io.hwoffload.core.deviceplugin;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.plan.DesiredFunction;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.ResourcePool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The resource pools of a node's policies and, for each, its VFs with their health. A VF is healthy only when it
 * is offload-ready as its policy wants it: bound to the VF driver, its PF's eSwitch in the policy's mode, its
 * representor present (switchdev), hw-tc-offload on where wanted. VFs of no pool (OVN-Kubernetes' management VF)
 * are never offered. Pure: the inventory comes in.
 */
public final class DevicePools {
    private final NodeConfigResolver resolver;

    public DevicePools(NicCatalog catalog) {
        this.resolver = new NodeConfigResolver(catalog);
    }

    /** Every pool of the policies that select a PF here, in policy order; none when no policy is for this node. */
    public List<DevicePool> of(List<OffloadPolicy> policies, NodeInventory inventory) {
        DesiredNode desired;
        try {
            desired = resolver.resolve(policies, inventory);
        } catch (PlanException e) {
            return List.of();
        }
        Map<String, List<PoolDevice>> devices = new LinkedHashMap<>();
        Map<String, ResourcePool> pools = new LinkedHashMap<>();
        for (OffloadPolicy policy : policies) {
            for (ResourcePool pool : policy.resourcePools()) {
                pools.putIfAbsent(pool.qualifiedName(), pool);
                List<PoolDevice> list = devices.computeIfAbsent(pool.qualifiedName(), name -> new ArrayList<>());
                for (PhysicalFunction pf : inventory.nics()) {
                    if (!policy.nic().selects(pf)) {
                        continue;
                    }
                    Optional<DesiredFunction> want = desired.functions().stream()
                            .filter(f -> f.pf().equals(pf.pciAddress())).findFirst();
                    for (VirtualFunction vf : pf.vfs()) {
                        if (pool.vfs().contains(vf.index()) && want.isPresent()) {
                            list.add(new PoolDevice(vf.pciAddress(), pf.pciAddress(), pf.netdev(), pf.numaNode(),
                                    vf.driver(), unhealthyWhy(pf, vf, want.get())));
                        }
                    }
                }
            }
        }
        List<DevicePool> result = new ArrayList<>();
        pools.forEach((name, pool) -> result.add(new DevicePool(pool.resourcePrefix(), pool.resourceName(),
                pool.isRdma(), devices.get(name))));
        return result;
    }

    /** Null when {@code vf} is offload-ready as {@code want} says, else the first thing that is not. */
    static String unhealthyWhy(PhysicalFunction pf, VirtualFunction vf, DesiredFunction want) {
        String pfName = pf.netdev() != null ? pf.netdev() : pf.pciAddress().toString();
        if (vf.driver() == null) {
            return "VF " + vf.index() + " of " + pfName + " is bound to no driver";
        }
        if (want.vfDriver() != null && !want.vfDriver().equals(vf.driver())) {
            return "VF " + vf.index() + " of " + pfName + " is bound to " + vf.driver() + ", not " + want.vfDriver();
        }
        if (want.eswitchMode() != null && pf.eswitchMode() != want.eswitchMode()) {
            return "the eSwitch of " + pfName + " is in " + pf.eswitchMode().label() + " mode, the policy wants "
                    + want.eswitchMode().label();
        }
        if (want.eswitchMode() == EswitchMode.SWITCHDEV && vf.representor() == null) {
            return "VF " + vf.index() + " of " + pfName + " has no representor";
        }
        if (Boolean.TRUE.equals(want.hwTcOffload()) && !Boolean.TRUE.equals(pf.hwTcOffload())) {
            String port = Objects.requireNonNullElse(pf.uplink(), pfName);
            return "hw-tc-offload is off on " + port;
        }
        return null;
    }
}
