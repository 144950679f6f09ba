package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.operator.crd.NodeStateSpec;

import java.util.List;
import java.util.Map;

/**
 * Everything the accepted policies imply for the cluster, computed without touching it.
 *
 * @param devicePluginConfig the merged {@code kube-system/sriovdp-config}; null when no policy has a pool
 * @param nodeStates         OffloadNodeState spec per node that at least one policy selects
 * @param nodeLabels         labels hwoffload wants on each node it selects (policy markers and CNI labels)
 */
public record ClusterResolution(Map<String, PolicyVerdict> verdicts, ConfigMap devicePluginConfig,
                                List<NetworkAttachmentDefinition> networkAttachments,
                                Map<String, NodeStateSpec> nodeStates, Map<String, Map<String, String>> nodeLabels) {
}
