package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.operator.crd.OffloadPolicyResource;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * core/v1 Events about a policy, as client-go's recorder writes them: events of cluster-scoped objects go
 * to the {@code default} namespace, where {@code kubectl describe offloadpolicy} finds them.
 */
final class PolicyEvents {
    static final String COMPONENT = "hwoffload-operator";
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;

    PolicyEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void normal(OffloadPolicyResource policy, String reason, String message) {
        emit(policy, "Normal", reason, message);
    }

    void warning(OffloadPolicyResource policy, String reason, String message) {
        emit(policy, "Warning", reason, message);
    }

    private void emit(OffloadPolicyResource policy, String type, String reason, String message) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        try {
            client.v1().events().inNamespace("default").resource(new EventBuilder()
                    .withNewMetadata().withNamespace("default")
                    .withName(policy.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8)).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(policy.getApiVersion())
                            .withKind(policy.getKind()).withName(policy.getMetadata().getName())
                            .withUid(policy.getMetadata().getUid()).build())
                    .withType(type).withReason(reason).withMessage(text)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy: failing to record one must not fail the reconcile.
        }
    }
}
