package io.hwoffload.operator.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Reads NetworkAttachmentDefinitions from the API server, one GET per call. */
public final class KubernetesNetworkAttachmentLookup implements NetworkAttachmentLookup {
    private final KubernetesClient client;

    public KubernetesNetworkAttachmentLookup(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public Optional<String> resourceName(String namespace, String name) throws NetworkAttachmentLookupException {
        NetworkAttachmentDefinition definition;
        try {
            definition = client.resources(NetworkAttachmentDefinition.class).inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw new NetworkAttachmentLookupException(
                    "cannot read NetworkAttachmentDefinition " + namespace + "/" + name + ": " + e.getMessage(), e);
        }
        if (definition == null) {
            throw new NetworkAttachmentNotFoundException(namespace, name);
        }
        Map<String, String> annotations = definition.getMetadata().getAnnotations();
        return annotations == null ? Optional.empty() : Optional.ofNullable(annotations.get(RESOURCE_NAME_ANNOTATION));
    }
}
