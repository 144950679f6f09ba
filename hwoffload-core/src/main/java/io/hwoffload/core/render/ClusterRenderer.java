package io.hwoffload.core.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.OffloadPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders policies into the Kubernetes objects and CNI settings they imply: the device plugin ConfigMap
 * (all policies' pools merged), a NetworkAttachmentDefinition and an example pod per network attachment,
 * the CNI settings files, and the node labels. Pure: the same policies and catalog give the same result.
 */
public final class ClusterRenderer {
    private final NicCatalog catalog;

    public ClusterRenderer(NicCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The rendered, cross-checked cluster; a {@link RenderException} listing every problem (field path and fix)
     * when the policies do not fit the catalog or each other.
     */
    public RenderedCluster render(List<OffloadPolicy> policies) {
        RenderProblems problems = new RenderProblems();
        PolicyNicModels models = PolicyNicModels.resolve(policies, catalog, problems);
        new PolicyChecks(models, problems).check(policies);

        ConfigMap devicePluginConfig = new DevicePluginConfigRenderer(models, problems).render(policies);
        Map<String, AttachmentOrigin> attachments = networkAttachments(policies, problems);
        List<Pod> pods = new ArrayList<>();
        attachments.values().forEach(origin -> pods.add(ExamplePodRenderer.render(origin.policy().name(), origin.nad())));
        List<CniSettingsFile> cniSettings = new CniSettingsRenderer(problems).render(policies);
        List<NodeLabel> labels = new ArrayList<>();
        policies.forEach(policy -> labels.addAll(NodeLabelRenderer.render(policy)));

        RenderedCluster cluster = new RenderedCluster(devicePluginConfig,
                attachments.values().stream().map(AttachmentOrigin::nad).toList(), pods, cniSettings, labels);
        new RenderedClusterChecks(models, problems).check(policies, cluster);
        problems.throwIfAny();
        return cluster;
    }

    private record AttachmentOrigin(OffloadPolicy policy, NetworkAttachmentDefinition nad) {
    }

    /** The NADs by namespace/name; two policies may share one only if they render it identically. */
    private static Map<String, AttachmentOrigin> networkAttachments(List<OffloadPolicy> policies, RenderProblems problems) {
        NetworkAttachmentRenderer renderer = new NetworkAttachmentRenderer(problems);
        Map<String, AttachmentOrigin> attachments = new LinkedHashMap<>();
        for (OffloadPolicy policy : policies) {
            Optional<NetworkAttachmentDefinition> nad = renderer.render(policy);
            if (nad.isEmpty()) {
                continue;
            }
            String key = nad.get().getMetadata().getNamespace() + "/" + nad.get().getMetadata().getName();
            AttachmentOrigin first = attachments.putIfAbsent(key, new AttachmentOrigin(policy, nad.get()));
            if (first != null && !first.nad().equals(nad.get())) {
                problems.add(policy, "spec.cni.networkAttachment", key + " is also the NetworkAttachmentDefinition of"
                        + " policy " + first.policy().name() + ", with another CNI or resource; give this policy's"
                        + " attachment its own name");
            }
        }
        return attachments;
    }
}
