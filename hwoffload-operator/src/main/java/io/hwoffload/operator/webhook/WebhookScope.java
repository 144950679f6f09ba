package io.hwoffload.operator.webhook;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Which pod CREATEs reach the webhook: the CEL matchCondition that passes only pods whose Multus annotations
 * name one of the NetworkAttachmentDefinitions hwoffload renders, so that an outage of the webhook (with
 * failurePolicy Fail) holds those pods only, not the pods of a macvlan or any other network.
 * <p>
 * CEL sees the pod, not the NADs, so the condition tests the annotation text for a NAD name as a whole token:
 * Multus' {@code k8s.v1.cni.cncf.io/networks} is {@code name}, {@code namespace/name}, {@code name@ifname}, comma
 * separated, or a JSON list of {@code {"name": ..., "namespace": ...}} (network-attachment-definition-client
 * {@code pkg/utils/net-attach-def.go} ParsePodNetworkAnnotation); NAD names are DNS-1123 labels, so a character
 * outside {@code [a-z0-9-]} ends one. A pod that only mentions such a name (as a namespace, say) still reaches the
 * webhook, which then looks the NAD up: the condition may let too many in, never too few.
 */
public final class WebhookScope {
    /** The MutatingWebhookConfiguration, its webhook, and the matchCondition that the operator keeps current. */
    public static final String CONFIGURATION = "hwoffload-webhook";
    public static final String WEBHOOK = "pods.hwoffload.io";
    public static final String CONDITION = "selects-an-offload-network";
    static final String NETWORKS = "k8s.v1.cni.cncf.io/networks";
    static final String DEFAULT_NETWORK = "v1.multus-cni.io/default-network";

    private WebhookScope() {
    }

    /** The condition for pods that select any of {@code networkNames}; {@code false} when there are none yet. */
    public static String matchExpression(Collection<String> networkNames) {
        TreeSet<String> names = new TreeSet<>(networkNames);
        if (names.isEmpty()) {
            return "false";
        }
        names.forEach(WebhookScope::requireLabel);
        String token = "'(^|[^a-z0-9-])(" + String.join("|", names) + ")([^a-z0-9-]|$)'";
        return "has(object.metadata.annotations) && ("
                + annotationMatches(NETWORKS, token) + " || " + annotationMatches(DEFAULT_NETWORK, token) + ")";
    }

    private static String annotationMatches(String key, String token) {
        return "('" + key + "' in object.metadata.annotations && object.metadata.annotations['" + key + "'].matches("
                + token + "))";
    }

    /** The names come from the API server, but they go into an expression: nothing but a DNS label may. */
    private static void requireLabel(String name) {
        if (!name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("NetworkAttachmentDefinition name '" + name + "' is not a DNS-1123 label");
        }
    }
}
