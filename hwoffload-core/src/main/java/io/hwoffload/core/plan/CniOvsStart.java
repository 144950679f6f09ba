package io.hwoffload.core.plan;

import io.hwoffload.core.policy.CniType;
import io.hwoffload.core.policy.OffloadPolicy;

import java.util.Map;

/**
 * What a policy's CNI writes into OVS's other_config itself, each time it starts OVS: Kube-OVN's start-ovs.sh sets
 * {@code hw-offload} from HW_OFFLOAD (kubeovn/kube-ovn dist/images/start-ovs.sh at 1533681d). hwoffload checks those
 * keys rather than writing them; an emulated node (the demo, the tests) starts OVS with them as the CNI would.
 */
public final class CniOvsStart {
    private CniOvsStart() {
    }

    /** The keys and values; empty for a CNI that leaves other_config to others. */
    public static Map<String, String> otherConfig(OffloadPolicy policy) {
        if (policy.cni().type() != CniType.KUBE_OVN || policy.ovs() == null || policy.ovs().hwOffload() == null) {
            return Map.of();
        }
        return Map.of("hw-offload", policy.ovs().hwOffload().toString());
    }
}
