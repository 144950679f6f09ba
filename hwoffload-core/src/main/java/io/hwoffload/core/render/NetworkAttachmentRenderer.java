package io.hwoffload.core.render;

import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinitionBuilder;
import io.hwoffload.core.policy.NetworkAttachment;
import io.hwoffload.core.policy.OffloadPolicy;

import java.util.Optional;

/**
 * The NetworkAttachmentDefinition pods select: the CNI's config, and the device plugin resource Multus asks
 * the kubelet for (annotation {@code k8s.v1.cni.cncf.io/resourceName}), which is the policy's first pool for pods (not OVN-Kubernetes' management port pool).
 */
final class NetworkAttachmentRenderer {
    static final String RESOURCE_NAME_ANNOTATION = "k8s.v1.cni.cncf.io/resourceName";

    private final RenderProblems problems;

    NetworkAttachmentRenderer(RenderProblems problems) {
        this.problems = problems;
    }

    /** The policy's NAD; empty when it names none, or names one without a pool (a problem). */
    Optional<NetworkAttachmentDefinition> render(OffloadPolicy policy) {
        NetworkAttachment attachment = policy.cni().networkAttachment();
        if (attachment == null) {
            return Optional.empty();
        }
        if (policy.podPools().isEmpty()) {
            problems.add(policy, "spec.resourcePools", "missing; the NetworkAttachmentDefinition "
                    + attachment.namespace() + "/" + attachment.name() + " gives pods a VF from a device plugin pool:"
                    + " add a pool (resourcePrefix, resourceName, vfRange), or remove spec.cni.networkAttachment");
            return Optional.empty();
        }
        return Optional.of(new NetworkAttachmentDefinitionBuilder()
                .withNewMetadata()
                .withName(attachment.name())
                .withNamespace(attachment.namespace())
                .addToAnnotations(RESOURCE_NAME_ANNOTATION, policy.podPools().get(0).qualifiedName())
                .endMetadata()
                .withNewSpec()
                .withConfig(RenderJson.pretty(CniNetworkConfig.of(policy.cni().type(), attachment)))
                .endSpec()
                .build());
    }
}
