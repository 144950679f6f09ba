package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.hwoffload.operator.KubernetesNames;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Works out which device plugin resources a pod needs for the networks it selects through Multus annotations, and
 * the JSON Patch that requests them: one device per attachment whose NetworkAttachmentDefinition names a resource.
 * Pods that select no network are left alone; a pod that selects one it cannot have is denied, since it would
 * otherwise start without its interface.
 */
public final class PodResourceInjector {
    /** The attachment that replaces the cluster network: {@code [<namespace>/]<name>}, bare names in Multus's namespace. */
    public static final String DEFAULT_NETWORK_ANNOTATION = "v1.multus-cni.io/default-network";
    /** Additional attachments, bare names in the pod's namespace. */
    public static final String NETWORKS_ANNOTATION = "k8s.v1.cni.cncf.io/networks";
    /** Where Multus looks for a default network given by bare name, unless it runs with another {@code multusNamespace}. */
    public static final String DEFAULT_MULTUS_NAMESPACE = "kube-system";

    private final NetworkAttachmentLookup lookup;
    private final String multusNamespace;

    public PodResourceInjector(NetworkAttachmentLookup lookup) {
        this(lookup, DEFAULT_MULTUS_NAMESPACE);
    }

    public PodResourceInjector(NetworkAttachmentLookup lookup, String multusNamespace) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        if (multusNamespace == null || !KubernetesNames.isNamespace(multusNamespace)) {
            throw new IllegalArgumentException("Multus namespace '" + multusNamespace + "' is not "
                    + KubernetesNames.NAMESPACE_RULE);
        }
        this.multusNamespace = multusNamespace;
    }

    /**
     * The JSON Patch operations for {@code pod}, empty when it needs nothing more.
     *
     * @param namespace the namespace the pod is created in, from the AdmissionRequest: pods a controller creates
     *                  arrive without {@code metadata.namespace}
     * @throws PodDeniedException when an annotation is malformed or selects a network the pod cannot have
     */
    public List<JsonNode> patch(Pod pod, String namespace) throws PodDeniedException {
        Objects.requireNonNull(namespace, "namespace");
        List<NetworkSelection> selections = selections(pod, namespace);
        if (selections.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> needed = new LinkedHashMap<>();
        Map<String, Optional<String>> resourceByReference = new HashMap<>();
        for (NetworkSelection selection : selections) {
            Optional<String> resource = resourceByReference.get(selection.reference());
            if (resource == null) {
                resource = resourceName(selection);
                resourceByReference.put(selection.reference(), resource);
            }
            resource.ifPresent(name -> needed.merge(name, 1, Integer::sum));
        }
        if (needed.isEmpty()) {
            return List.of();
        }
        return List.copyOf(FirstContainerResourcePatch.of(pod.getSpec() == null ? null : pod.getSpec().getContainers(), needed));
    }

    private List<NetworkSelection> selections(Pod pod, String namespace) throws PodDeniedException {
        Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
        List<NetworkSelection> selections = new ArrayList<>();
        if (annotations == null) {
            return selections;
        }
        String defaultNetwork = annotations.get(DEFAULT_NETWORK_ANNOTATION);
        if (defaultNetwork != null) {
            selections.add(NetworkSelectionParser.parseSingle(DEFAULT_NETWORK_ANNOTATION, defaultNetwork, multusNamespace));
        }
        String networks = annotations.get(NETWORKS_ANNOTATION);
        if (networks != null) {
            selections.addAll(NetworkSelectionParser.parse(NETWORKS_ANNOTATION, networks, namespace));
        }
        return selections;
    }

    private Optional<String> resourceName(NetworkSelection selection) throws PodDeniedException {
        Optional<String> resource;
        try {
            resource = lookup.resourceName(selection.namespace(), selection.name());
        } catch (NetworkAttachmentNotFoundException e) {
            throw PodDeniedException.unresolvable("annotation " + selection.annotation() + " selects NetworkAttachmentDefinition "
                    + selection.reference() + ", which does not exist", e);
        } catch (NetworkAttachmentLookupException e) {
            throw PodDeniedException.unavailable("cannot check annotation " + selection.annotation() + ": " + e.getMessage(), e);
        }
        if (resource.isPresent() && !KubernetesNames.isExtendedResourceName(resource.get())) {
            throw PodDeniedException.unresolvable("annotation " + selection.annotation() + " selects NetworkAttachmentDefinition "
                    + selection.reference() + ", whose " + NetworkAttachmentLookup.RESOURCE_NAME_ANNOTATION + " '"
                    + resource.get() + "' is not " + KubernetesNames.EXTENDED_RESOURCE_RULE, null);
        }
        return resource;
    }
}
