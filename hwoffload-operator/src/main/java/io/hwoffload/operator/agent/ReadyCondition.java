package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code Ready} condition by Kubernetes conventions: status True or False, a CamelCase reason, a message, the
 * generation it was computed for, and a lastTransitionTime that moves only when the status flips.
 */
final class ReadyCondition {
    static final String TYPE = "Ready";

    private ReadyCondition() {
    }

    /** {@code conditions} with Ready replaced by the one for {@code outcome}; other condition types are kept. */
    static List<Condition> update(List<Condition> conditions, ReconcileOutcome outcome, long generation, Instant now) {
        List<Condition> current = conditions == null ? List.of() : conditions;
        Optional<Condition> previous = current.stream().filter(c -> TYPE.equals(c.getType())).findFirst();
        String status = outcome.reason().isReady() ? "True" : "False";
        String since = previous.filter(p -> status.equals(p.getStatus())).map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        Condition ready = new ConditionBuilder().withType(TYPE).withStatus(status).withReason(outcome.reason().reason())
                .withMessage(outcome.message()).withObservedGeneration(generation).withLastTransitionTime(since).build();
        List<Condition> updated = new ArrayList<>(current.stream().filter(c -> !TYPE.equals(c.getType())).toList());
        updated.add(ready);
        return List.copyOf(updated);
    }
}
