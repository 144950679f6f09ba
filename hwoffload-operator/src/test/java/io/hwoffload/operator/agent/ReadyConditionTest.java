package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Kubernetes condition conventions: the transition time moves only when the status flips; other types stay. */
class ReadyConditionTest {
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

    @Test
    void theFirstConditionStartsNowAndASameStatusKeepsItsTransitionTime() {
        List<Condition> first = ReadyCondition.update(null, outcome(ReadyReason.APPLY_FAILED, "step 3 failed"), 1, T1);
        List<Condition> second = ReadyCondition.update(first, outcome(ReadyReason.DISRUPTION_REFUSED, "drain first"), 2, T2);

        assertThat(first).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ApplyFailed");
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T10:00:00Z");
            assertThat(c.getObservedGeneration()).isEqualTo(1L);
        });
        assertThat(second).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("DisruptionRefused");
            assertThat(c.getMessage()).isEqualTo("drain first");
            assertThat(c.getObservedGeneration()).isEqualTo(2L);
            assertThat(c.getLastTransitionTime()).as("still False").isEqualTo("2026-01-01T10:00:00Z");
        });
    }

    @Test
    void aFlipMovesTheTransitionTimeAndOtherConditionsStay() {
        Condition other = new ConditionBuilder().withType("Degraded").withStatus("False").withReason("Fine")
                .withLastTransitionTime("2025-12-31T00:00:00Z").build();
        List<Condition> notReady = ReadyCondition.update(List.of(other), outcome(ReadyReason.INVALID_POLICY, "bad"), 1, T1);

        List<Condition> ready = ReadyCondition.update(notReady, outcome(ReadyReason.CONVERGED, "fine"), 1, T2);

        assertThat(ready).hasSize(2).contains(other);
        Condition condition = ready.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo("Converged");
        assertThat(condition.getLastTransitionTime()).isEqualTo("2026-01-01T11:00:00Z");
    }

    private static ReconcileOutcome outcome(ReadyReason reason, String message) {
        return new ReconcileOutcome(reason, message, List.of(), List.of(), reason.isReady() ? null : message, List.of(), null);
    }
}
