package io.hwoffload.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;

import java.util.List;

/**
 * Everything the policies imply in the cluster, checked against each other: the device plugin's ConfigMap
 * (null when no policy has a pool), the NetworkAttachmentDefinitions, one example pod per attachment, the
 * CNI settings, and the labels of the nodes each policy selects.
 */
public record RenderedCluster(ConfigMap devicePluginConfig, List<NetworkAttachmentDefinition> networkAttachments,
                              List<Pod> examplePods, List<CniSettingsFile> cniSettings, List<NodeLabel> nodeLabels) {

    public RenderedCluster {
        networkAttachments = List.copyOf(networkAttachments);
        examplePods = List.copyOf(examplePods);
        cniSettings = List.copyOf(cniSettings);
        nodeLabels = List.copyOf(nodeLabels);
    }
}
