package io.hwoffload.core.render;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;

import java.util.Map;

/**
 * A pod that uses a NetworkAttachmentDefinition as its default network and requests one VF of its pool:
 * what each seed creates to show offload working. Taken from the rendered NAD, so the two cannot disagree.
 */
final class ExamplePodRenderer {
    private static final String DEFAULT_NETWORK_ANNOTATION = "v1.multus-cni.io/default-network";
    private static final String NAMESPACE = "default";
    private static final String IMAGE = "docker.io/library/nginx:alpine";

    private ExamplePodRenderer() {
    }

    static Pod render(String policyName, NetworkAttachmentDefinition attachment) {
        String resource = attachment.getMetadata().getAnnotations().get(NetworkAttachmentRenderer.RESOURCE_NAME_ANNOTATION);
        Map<String, Quantity> oneVf = Map.of(resource, new Quantity("1"));
        return new PodBuilder()
                .withNewMetadata()
                .withName(policyName + "-example")
                .withNamespace(NAMESPACE)
                .addToAnnotations(DEFAULT_NETWORK_ANNOTATION,
                        attachment.getMetadata().getNamespace() + "/" + attachment.getMetadata().getName())
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(IMAGE)
                .withNewResources().withRequests(oneVf).withLimits(oneVf).endResources()
                .endContainer()
                .endSpec()
                .build();
    }
}
