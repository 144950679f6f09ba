package io.hwoffload.operator.agent;

import io.hwoffload.core.policy.RolloutPolicy.DrainMode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a rollout does to the node around a disruptive change: cordon, drain, uncordon ({@link EvictionDrain}). */
public interface NodeDrain {

    /** What is left on the node: empty when drained; else each pod that would not leave, with why. */
    record Result(Map<String, String> remaining) {
        public Result {
            remaining = Map.copyOf(remaining);
        }

        public boolean drained() {
            return remaining.isEmpty();
        }

        public String describe() {
            List<String> pods = new ArrayList<>();
            remaining.forEach((pod, why) -> pods.add(pod + " (" + why + ")"));
            return String.join(", ", pods.stream().sorted().toList());
        }
    }

    /** Whether the node is unschedulable now (cordoned by someone, or by an earlier agent of this rollout). */
    boolean isUnschedulable();

    /** Marks the node unschedulable (again: it may be already). */
    void cordon();

    void uncordon();

    /**
     * Evicts the pods {@code mode} asks for (with {@link DrainMode#VF_PODS}: those requesting one of
     * {@code vfResources}) and waits until they are gone, or {@code deadline} passes.
     */
    Result drain(DrainMode mode, Set<String> vfResources, Instant deadline) throws InterruptedException;
}
