package io.hwoffload.core.policy;

import java.time.Duration;
import java.util.Locale;

/**
 * How a policy's disruptive changes roll out across the nodes it selects, in a cluster ({@code hwoffload apply} on
 * one node ignores it): how many nodes at once, how a node is drained first, and whether offload must be measured
 * on a changed node before the next one is touched.
 *
 * @param maxUnavailable nodes of the policy disrupted at once
 * @param drain          which pods leave the node before its VFs are removed
 * @param drainTimeout   how long the pods may take to leave; then the rollout pauses with the node cordoned
 * @param verify         the offload a changed node must show before the next goes; null: none is asked
 * @param canary         nodes that go first, one at a time, before {@code maxUnavailable} applies
 */
public record RolloutPolicy(Budget maxUnavailable, DrainMode drain, Duration drainTimeout, Verify verify, int canary) {
    public static final RolloutPolicy DEFAULT = new RolloutPolicy(Budget.nodes(1), DrainMode.VF_PODS,
            Duration.ofMinutes(10), null, 0);

    /** A number of nodes, or a percentage of the matched ones. */
    public record Budget(int value, boolean percent) {
        public static Budget nodes(int count) {
            return new Budget(count, false);
        }

        /**
         * Nodes at once out of {@code matched}: a percentage rounds down, as Kubernetes rounds maxUnavailable, but
         * never to 0, which would stop the rollout for ever.
         */
        public int of(int matched) {
            return percent ? Math.max(1, matched * value / 100) : value;
        }

        @Override
        public String toString() {
            return percent ? value + "%" : Integer.toString(value);
        }
    }

    public enum DrainMode {
        /** Evict the pods that hold a VF of a PF being changed. */
        VF_PODS("vfPods"),
        /** Evict every pod but DaemonSets' and mirror pods, as kubectl drain --ignore-daemonsets. */
        ALL("all"),
        /** Change in place: the user accepts the disruption. */
        NONE("none");

        private final String label;

        DrainMode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static DrainMode fromLabel(String label) {
            for (DrainMode mode : values()) {
                if (mode.label.equals(label)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("'" + label + "' is not a drain mode; write vfPods, all or none");
        }
    }

    /**
     * After a node converges: at least {@code minOffloadRatio} of at least {@code minPackets} packets offloaded within
     * {@code window}, or the rollout pauses ({@code pauseOnFailure}) or goes on and reports it.
     */
    public record Verify(double minOffloadRatio, long minPackets, Duration window, boolean pauseOnFailure) {
        public String describe() {
            return String.format(Locale.ROOT, "%.2f of at least %d packets offloaded within %ds", minOffloadRatio,
                    minPackets, window.toSeconds());
        }
    }
}
