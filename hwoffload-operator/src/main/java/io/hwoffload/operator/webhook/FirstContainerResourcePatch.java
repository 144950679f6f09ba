package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Patch (RFC 6902) that makes a pod request enough of each device resource, written into its first
 * container as network-resources-injector does (the device plugin hands every device of the pod to the CNI,
 * whichever container asked for it).
 *
 * <p>What other containers already request counts towards the pod's need, so a pod that asks for its devices in
 * another container gets no extra ones. Requests and limits of the first container are both set to the larger of
 * the need and what it already asks for: the API server rejects an extended resource whose request and limit
 * differ, and a value the user raised by hand is theirs to keep.
 */
final class FirstContainerResourcePatch {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String RESOURCES_PATH = "/spec/containers/0/resources";

    private FirstContainerResourcePatch() {
    }

    /** The operations, empty when the pod already requests enough; {@code needed} maps resource names to counts. */
    static List<JsonNode> of(List<Container> containers, Map<String, Integer> needed) throws PodDeniedException {
        if (containers == null || containers.isEmpty()) {
            throw PodDeniedException.malformed("the pod has no container to request " + needed.keySet() + " in");
        }
        Container first = containers.get(0);
        Map<String, String> requestsToSet = new LinkedHashMap<>();
        Map<String, String> limitsToSet = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> entry : needed.entrySet()) {
            String resource = entry.getKey();
            BigDecimal elsewhere = BigDecimal.ZERO;
            for (Container other : containers.subList(1, containers.size())) {
                elsewhere = elsewhere.add(larger(amount(other, "requests", resource), amount(other, "limits", resource)));
            }
            BigDecimal request = amount(first, "requests", resource);
            BigDecimal limit = amount(first, "limits", resource);
            BigDecimal wanted = larger(BigDecimal.valueOf(entry.getValue()).subtract(elsewhere), larger(request, limit));
            if (wanted.signum() <= 0) {
                continue;
            }
            String quantity = wanted.stripTrailingZeros().toPlainString();
            if (request == null || request.compareTo(wanted) != 0) {
                requestsToSet.put(resource, quantity);
            }
            if (limit == null || limit.compareTo(wanted) != 0) {
                limitsToSet.put(resource, quantity);
            }
        }
        return operations(first.getResources(), requestsToSet, limitsToSet);
    }

    private static List<JsonNode> operations(ResourceRequirements resources, Map<String, String> requestsToSet,
                                             Map<String, String> limitsToSet) {
        List<JsonNode> operations = new ArrayList<>();
        if (requestsToSet.isEmpty() && limitsToSet.isEmpty()) {
            return operations;
        }
        if (resources == null) {
            ObjectNode value = JSON.objectNode();
            value.set("requests", quantities(requestsToSet));
            value.set("limits", quantities(limitsToSet));
            operations.add(operation("add", RESOURCES_PATH, value));
            return operations;
        }
        listOperations(operations, "requests", resources.getRequests(), requestsToSet);
        listOperations(operations, "limits", resources.getLimits(), limitsToSet);
        return operations;
    }

    /** One operation for a list that is absent (or empty), else one per resource: the pod's other entries stay. */
    private static void listOperations(List<JsonNode> operations, String list, Map<String, Quantity> existing,
                                       Map<String, String> toSet) {
        if (toSet.isEmpty()) {
            return;
        }
        String listPath = RESOURCES_PATH + "/" + list;
        if (existing == null || existing.isEmpty()) {
            operations.add(operation("add", listPath, quantities(toSet)));
            return;
        }
        toSet.forEach((resource, quantity) -> operations.add(operation(
                existing.containsKey(resource) ? "replace" : "add", listPath + "/" + pointerToken(resource),
                JSON.textNode(quantity))));
    }

    /** RFC 6901 escaping, so {@code mellanox.com/cx5} is one member and not a path step. */
    static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static ObjectNode operation(String op, String path, JsonNode value) {
        ObjectNode operation = JSON.objectNode();
        operation.put("op", op);
        operation.put("path", path);
        operation.set("value", value);
        return operation;
    }

    private static ObjectNode quantities(Map<String, String> quantities) {
        ObjectNode node = JSON.objectNode();
        quantities.forEach(node::put);
        return node;
    }

    /** The container's {@code resources.<list>[resource]} as a number, or null when it does not ask for it. */
    private static BigDecimal amount(Container container, String list, String resource) throws PodDeniedException {
        ResourceRequirements resources = container.getResources();
        if (resources == null) {
            return null;
        }
        Map<String, Quantity> quantities = "requests".equals(list) ? resources.getRequests() : resources.getLimits();
        Quantity quantity = quantities == null ? null : quantities.get(resource);
        if (quantity == null || quantity.getAmount() == null) {
            return null;
        }
        try {
            return quantity.getNumericalAmount();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw PodDeniedException.malformed("container " + container.getName() + " resources." + list + "["
                    + resource + "] is '" + quantity + "', not a quantity");
        }
    }

    private static BigDecimal larger(BigDecimal a, BigDecimal b) {
        if (a == null) {
            return b == null ? BigDecimal.ZERO : b;
        }
        return b == null || a.compareTo(b) >= 0 ? a : b;
    }
}
