package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.PolicyStatus.RolloutProgress;

import java.util.List;
import java.util.Map;

/**
 * Everything the accepted policies imply for the cluster, computed without touching it.
 *
 * @param devicePluginConfig the merged {@code kube-system/sriovdp-config}; null when no policy has a pool
 * @param nodeStates         OffloadNodeState spec per node that at least one policy selects
 * @param nodeLabels         labels hwoffload wants on each node it selects (policy markers and CNI labels)
 * @param rollouts           each policy's rollout progress; empty before the rollout is planned
 */
public record ClusterResolution(Map<String, PolicyVerdict> verdicts, ConfigMap devicePluginConfig,
                                List<NetworkAttachmentDefinition> networkAttachments,
                                Map<String, NodeStateSpec> nodeStates, Map<String, Map<String, String>> nodeLabels,
                                Map<String, RolloutProgress> rollouts) {

    /** The node states with the rollout's grants, and the progress per policy. */
    public ClusterResolution withRollout(Map<String, NodeStateSpec> granted, Map<String, RolloutProgress> progress) {
        return new ClusterResolution(verdicts, devicePluginConfig, networkAttachments, granted, nodeLabels, progress);
    }
}
