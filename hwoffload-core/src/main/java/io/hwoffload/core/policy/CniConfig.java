package io.hwoffload.core.policy;

/**
 * The CNI that attaches pods to their VFs, the NetworkAttachmentDefinition pods select, and the CNI's own
 * offload options (only those of {@code type} are set).
 */
public record CniConfig(CniType type, NetworkAttachment networkAttachment, KubeOvnOptions kubeOvn,
                        OvnKubernetesOptions ovnKubernetes) {
}
