package io.hwoffload.core.render;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.catalog.NicRole;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog model of each policy's NIC, found by the nicSelector's vendor and deviceID: the renderer needs
 * the model's VF ids and driver for the device plugin, and its offload limits for the CNI settings.
 */
final class PolicyNicModels {
    private final Map<String, NicModel> byPolicy;

    private PolicyNicModels(Map<String, NicModel> byPolicy) {
        this.byPolicy = byPolicy;
    }

    /** Every policy's model; a policy whose NIC the catalog does not know is a problem naming spec.nicSelector. */
    static PolicyNicModels resolve(List<OffloadPolicy> policies, NicCatalog catalog, RenderProblems problems) {
        Map<String, NicModel> byPolicy = new LinkedHashMap<>();
        for (OffloadPolicy policy : policies) {
            String vendor = policy.nic().vendor();
            String device = policy.nic().deviceId();
            if (vendor == null || device == null) {
                problems.add(policy, "spec.nicSelector", "has no vendor and deviceID; the renderer takes the VF ids and"
                        + " driver for the device plugin from the NIC catalog, so give the PF's vendor and deviceID"
                        + " (lspci -nn shows them, such as \"15b3\" and \"1017\")");
                continue;
            }
            Optional<NicModel> model = catalog.forPhysicalFunction(vendor, device, role(policy));
            if (model.isEmpty()) {
                problems.add(policy, "spec.nicSelector", "no NIC model in the catalog has PF " + vendor + ":" + device
                        + "; give the vendor and deviceID of a known model (" + catalog.names() + ") or add the model"
                        + " to a catalog file (hwoffload --catalog FILE)");
                continue;
            }
            byPolicy.put(policy.name(), model.get());
        }
        return new PolicyNicModels(byPolicy);
    }

    /** A DPU's host and Arm side share PF ids; the OVN-Kubernetes node mode says which side the policy is for. */
    private static NicRole role(OffloadPolicy policy) {
        OvnKubernetesOptions ovnK = policy.cni().ovnKubernetes();
        if (ovnK == null) {
            return NicRole.NIC;
        }
        if (ovnK.nodeMode() == NodeMode.DPU_HOST) {
            return NicRole.DPU_HOST;
        }
        return ovnK.nodeMode() == NodeMode.DPU ? NicRole.DPU : NicRole.NIC;
    }

    /** The policy's model; empty when it is unknown (already reported). */
    Optional<NicModel> of(OffloadPolicy policy) {
        return Optional.ofNullable(byPolicy.get(policy.name()));
    }
}
