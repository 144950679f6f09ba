package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes conditions (metav1.Condition): lastTransitionTime moves only when the status of a type
 * changes, so {@code kubectl get} ages stay meaningful across reconciles.
 */
public final class Conditions {
    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message, Long observedGeneration) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
                .withMessage(message).withObservedGeneration(observedGeneration).build();
    }

    /** {@code current} with {@code update} in place of its type, keeping the transition time when status holds. */
    public static List<Condition> merge(List<Condition> current, Condition update, Clock clock) {
        List<Condition> result = new ArrayList<>();
        Condition previous = null;
        for (Condition condition : current == null ? List.<Condition>of() : current) {
            if (condition.getType().equals(update.getType())) {
                previous = condition;
            } else {
                result.add(condition);
            }
        }
        String transition = previous != null && Objects.equals(previous.getStatus(), update.getStatus())
                && previous.getLastTransitionTime() != null
                ? previous.getLastTransitionTime()
                : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        result.add(new ConditionBuilder(update).withLastTransitionTime(transition).build());
        result.sort((a, b) -> a.getType().compareTo(b.getType()));
        return result;
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return conditions != null && conditions.stream()
                .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
