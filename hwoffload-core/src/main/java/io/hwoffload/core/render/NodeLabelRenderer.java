package io.hwoffload.core.render;

import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;

import java.util.ArrayList;
import java.util.List;

/**
 * The labels of the nodes a policy selects: one that says which policy a node follows, and the labels
 * OVN-Kubernetes schedules its dpu-host and dpu ovnkube-node DaemonSets by.
 */
final class NodeLabelRenderer {
    private static final String POLICY_LABEL_PREFIX = "policy.hwoffload.io/";
    private static final String DPU_HOST_LABEL = "k8s.ovn.org/dpu-host";
    private static final String DPU_LABEL = "k8s.ovn.org/dpu";

    private NodeLabelRenderer() {
    }

    static List<NodeLabel> render(OffloadPolicy policy) {
        List<NodeLabel> labels = new ArrayList<>();
        labels.add(new NodeLabel(policy.name(), POLICY_LABEL_PREFIX + policy.name(), ""));
        OvnKubernetesOptions ovnK = policy.cni().ovnKubernetes();
        if (ovnK != null && ovnK.nodeMode() == NodeMode.DPU_HOST) {
            labels.add(new NodeLabel(policy.name(), DPU_HOST_LABEL, ""));
        }
        if (ovnK != null && ovnK.nodeMode() == NodeMode.DPU) {
            labels.add(new NodeLabel(policy.name(), DPU_LABEL, ""));
        }
        return labels;
    }
}
