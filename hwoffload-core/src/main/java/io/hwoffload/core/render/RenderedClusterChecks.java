package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.policy.CniType;
import io.hwoffload.core.policy.NetworkAttachment;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.OvnKubernetesOptions;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks of the rendered objects against each other, on what was rendered (the ConfigMap's config.json and
 * the NADs' spec.config read back), so that a mistake in any renderer shows here too. Policies whose NIC the
 * catalog does not know were not rendered and are not checked again.
 */
final class RenderedClusterChecks {
    private final PolicyNicModels models;
    private final RenderProblems problems;

    RenderedClusterChecks(PolicyNicModels models, RenderProblems problems) {
        this.models = models;
        this.problems = problems;
    }

    void check(List<OffloadPolicy> policies, RenderedCluster cluster) {
        List<DevicePluginResource> advertised = DevicePluginConfigRenderer.resources(cluster.devicePluginConfig());
        for (OffloadPolicy policy : policies) {
            if (models.of(policy).isEmpty()) {
                continue;
            }
            attachmentOf(policy, cluster).ifPresent(nad -> {
                resourceIsAdvertised(policy, nad, advertised);
                if (policy.cni().type() == CniType.KUBE_OVN) {
                    kubeOvnProviderNamesTheAttachment(policy, nad);
                }
            });
            managementVfIsInNoPool(policy, models.of(policy).get(), advertised);
        }
    }

    private static Optional<NetworkAttachmentDefinition> attachmentOf(OffloadPolicy policy, RenderedCluster cluster) {
        NetworkAttachment attachment = policy.cni().networkAttachment();
        if (attachment == null) {
            return Optional.empty();
        }
        return cluster.networkAttachments().stream()
                .filter(nad -> nad.getMetadata().getName().equals(attachment.name())
                        && nad.getMetadata().getNamespace().equals(attachment.namespace()))
                .findFirst();
    }

    /** Multus asks the kubelet for the NAD's resource; if the device plugin does not advertise it, pods stay Pending. */
    private void resourceIsAdvertised(OffloadPolicy policy, NetworkAttachmentDefinition nad,
                                      List<DevicePluginResource> advertised) {
        String resource = nad.getMetadata().getAnnotations().get(NetworkAttachmentRenderer.RESOURCE_NAME_ANNOTATION);
        if (advertised.stream().noneMatch(r -> r.qualifiedName().equals(resource))) {
            problems.add(policy, "spec.cni.networkAttachment", "the NetworkAttachmentDefinition " + name(nad)
                    + " asks for " + resource + ", which the device plugin ConfigMap " + DevicePluginConfigRenderer.NAMESPACE
                    + "/" + DevicePluginConfigRenderer.NAME + " does not advertise (it has: " + advertised.stream()
                    .map(DevicePluginResource::qualifiedName).collect(Collectors.joining(", ")) + "), so its pods"
                    + " would stay Pending; the first pool in spec.resourcePools is the attachment's resource: make it"
                    + " a pool of this policy's NIC");
        }
    }

    /** Kube-OVN matches a pod's interface to its attachment by provider, which must be {@code <name>.<namespace>.ovn}. */
    private void kubeOvnProviderNamesTheAttachment(OffloadPolicy policy, NetworkAttachmentDefinition nad) {
        String expected = new NetworkAttachment(nad.getMetadata().getName(), nad.getMetadata().getNamespace()).kubeOvnProvider();
        JsonNode config = RenderJson.parse(nad.getSpec().getConfig());
        for (JsonNode plugin : config.path("plugins")) {
            String provider = plugin.path("provider").asText();
            if ("kube-ovn".equals(plugin.path("type").asText()) && !expected.equals(provider)) {
                problems.add(policy, "spec.cni.networkAttachment", "the kube-ovn plugin of " + name(nad)
                        + " has provider '" + provider + "', but Kube-OVN finds the attachment by <name>.<namespace>.ovn,"
                        + " which is " + expected + "; the provider must name this attachment");
            }
        }
    }

    /** A pod given OVN-K's management VF would take the node's management port (ovn-k8s-mp0) away. */
    private void managementVfIsInNoPool(OffloadPolicy policy, NicModel model, List<DevicePluginResource> advertised) {
        OvnKubernetesOptions ovnK = policy.cni().ovnKubernetes();
        if (ovnK == null || ovnK.managementVf() == null || policy.nic().pfNames().size() != 1) {
            return;
        }
        String pf = policy.nic().pfNames().get(0);
        int vf = ovnK.managementVf();
        for (DevicePluginResource resource : advertised) {
            if (resource.selectsVf(model.vf().vendor(), model.vf().devices(), model.vf().driver(), pf, vf)) {
                problems.add(policy, "spec.cni.ovnKubernetes.managementVf", "VF " + vf + " of " + pf + " is the"
                        + " management port, but the device plugin pool " + resource.qualifiedName() + " selects it ("
                        + resource.toJson().get("selectors") + "), so a pod could be given it; keep the management VF"
                        + " out of every pool: give the pool that selects it a vfRange without VF " + vf + " and name"
                        + " its PFs in spec.nicSelector.pfNames");
            }
        }
    }

    private static String name(NetworkAttachmentDefinition nad) {
        return nad.getMetadata().getNamespace() + "/" + nad.getMetadata().getName();
    }
}
