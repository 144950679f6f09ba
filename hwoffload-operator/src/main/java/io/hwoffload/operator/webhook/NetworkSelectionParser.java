package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.core.inventory.InterfaceNames;
import io.hwoffload.operator.KubernetesNames;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the network attachments a Multus annotation selects. Two forms, told apart as Multus does (any of
 * {@code [ { "} means JSON): the comma-separated {@code [<namespace>/]<name>[@<interface>]} list, and the JSON list
 * {@code [{"name": .., "namespace": .., "interface": ..}]}. An entry without a namespace resolves in the given
 * default namespace.
 */
final class NetworkSelectionParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String annotation;
    private final String value;

    private NetworkSelectionParser(String annotation, String value) {
        this.annotation = annotation;
        this.value = value;
    }

    /** Every attachment {@code value} of {@code annotation} selects, in order, repeats included (each is one interface). */
    static List<NetworkSelection> parse(String annotation, String value, String defaultNamespace) throws PodDeniedException {
        return new NetworkSelectionParser(annotation, value).selections(defaultNamespace);
    }

    /** The one attachment {@code value} selects: a pod has one default network, and Multus refuses more. */
    static NetworkSelection parseSingle(String annotation, String value, String defaultNamespace) throws PodDeniedException {
        NetworkSelectionParser parser = new NetworkSelectionParser(annotation, value);
        List<NetworkSelection> selections = parser.selections(defaultNamespace);
        if (selections.size() > 1) {
            throw parser.malformed("it selects " + selections.size() + " networks; a pod has one default network");
        }
        return selections.get(0);
    }

    private List<NetworkSelection> selections(String defaultNamespace) throws PodDeniedException {
        if (value.isBlank()) {
            throw malformed("it is empty; give <namespace>/<name> of a NetworkAttachmentDefinition");
        }
        List<NetworkSelection> selections = looksLikeJson() ? jsonSelections(defaultNamespace) : textSelections(defaultNamespace);
        if (selections.isEmpty()) {
            throw malformed("it selects no network");
        }
        return selections;
    }

    private boolean looksLikeJson() {
        return value.indexOf('[') >= 0 || value.indexOf('{') >= 0 || value.indexOf('"') >= 0;
    }

    private List<NetworkSelection> textSelections(String defaultNamespace) throws PodDeniedException {
        List<NetworkSelection> selections = new ArrayList<>();
        for (String rawEntry : value.split(",", -1)) {
            String entry = rawEntry.strip();
            if (entry.isEmpty()) {
                throw malformed("it has an empty entry");
            }
            String[] atParts = entry.split("@", -1);
            if (atParts.length > 2) {
                throw malformed("entry '" + entry + "' has more than one '@'");
            }
            if (atParts.length == 2) {
                checkInterface(atParts[1].strip());
            }
            String[] slashParts = atParts[0].split("/", -1);
            if (slashParts.length > 2) {
                throw malformed("entry '" + entry + "' has more than one '/'");
            }
            String namespace = slashParts.length == 2 ? slashParts[0].strip() : defaultNamespace;
            String name = slashParts[slashParts.length - 1].strip();
            selections.add(selection(namespace, name));
        }
        return selections;
    }

    private List<NetworkSelection> jsonSelections(String defaultNamespace) throws PodDeniedException {
        JsonNode list;
        try {
            list = MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw malformed("it is not JSON: " + e.getOriginalMessage());
        }
        if (!list.isArray()) {
            throw malformed("the JSON form must be a list of {\"name\", \"namespace\", \"interface\"} objects");
        }
        List<NetworkSelection> selections = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            if (!element.isObject()) {
                throw malformed("element " + i + " is not an object");
            }
            String name = text(element, i, "name");
            if (name == null) {
                throw malformed("element " + i + " has no \"name\"");
            }
            String namespace = text(element, i, "namespace");
            String netInterface = text(element, i, "interface");
            if (netInterface != null && !netInterface.isEmpty()) {
                checkInterface(netInterface);
            }
            selections.add(selection(namespace == null || namespace.isEmpty() ? defaultNamespace : namespace, name));
        }
        return selections;
    }

    /** A string member, or null when absent; any other type is an error. */
    private String text(JsonNode element, int index, String member) throws PodDeniedException {
        JsonNode node = element.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw malformed("\"" + member + "\" of element " + index + " is not a string");
        }
        return node.asText();
    }

    private NetworkSelection selection(String namespace, String name) throws PodDeniedException {
        if (!KubernetesNames.isNamespace(namespace)) {
            throw malformed("namespace '" + namespace + "' is not " + KubernetesNames.NAMESPACE_RULE);
        }
        if (!KubernetesNames.isObjectName(name)) {
            throw malformed("network name '" + name + "' is not " + KubernetesNames.OBJECT_NAME_RULE);
        }
        return new NetworkSelection(annotation, namespace, name);
    }

    /** The interface name is Multus's business, but one that can never exist is a typo worth reporting now. */
    private void checkInterface(String netInterface) throws PodDeniedException {
        if (!InterfaceNames.isValid(netInterface)) {
            throw malformed("interface '" + netInterface + "' is not a Linux interface name (" + InterfaceNames.RULE + ")");
        }
    }

    private PodDeniedException malformed(String reason) {
        return PodDeniedException.malformed("annotation " + annotation + ": '" + value + "' is malformed: " + reason);
    }
}
