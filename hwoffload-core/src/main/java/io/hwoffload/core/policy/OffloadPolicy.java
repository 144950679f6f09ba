package io.hwoffload.core.policy;

import io.hwoffload.core.inventory.EswitchMode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One setup, declared: which nodes and NICs, how many VFs, the eSwitch mode, the resource pools the
 * device plugin advertises, the CNI and its options, and OVS settings. Also the spec of the OffloadPolicy
 * custom resource. {@code numVfs} null leaves the VF count alone (a DPU's Arm side, where the host owns
 * the VFs); {@code ovs} null leaves OVS alone (a DPU host runs no OVS). {@code rollout} is how a cluster rolls
 * disruptive changes out across the selected nodes; one node ignores it.
 */
public record OffloadPolicy(String name, Map<String, String> nodeSelector, NicRequest nic, EswitchMode eswitchMode,
                            Boolean hwTcOffload, List<ResourcePool> resourcePools, CniConfig cni, OvsSettings ovs,
                            RolloutPolicy rollout) {

    public static final String API_VERSION = "hwoffload.io/v1alpha1";
    public static final String KIND = "OffloadPolicy";

    public OffloadPolicy {
        nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        resourcePools = List.copyOf(resourcePools);
    }

    /** The pools pods take VFs from: all but OVN-Kubernetes' management port pool, which ovnkube-node takes. */
    public List<ResourcePool> podPools() {
        OvnKubernetesOptions ovnK = cni == null ? null : cni.ovnKubernetes();
        String management = ovnK == null ? null : ovnK.managementPortPool();
        return resourcePools.stream().filter(pool -> !pool.resourceName().equals(management)).toList();
    }
}
