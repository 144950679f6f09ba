package io.hwoffload.operator.agent;

/** Why the node's {@code Ready} condition is what it is; the reason strings are the condition's API. */
public enum ReadyReason {
    /** The plan is empty after apply: the node matches its spec. */
    CONVERGED("Converged", true),
    /**
     * No policy of the node selects a PF here (a policy whose nodeSelector takes nodes without its NIC): nothing to
     * configure, and nothing wrong, so it does not hold the policy's readiness back.
     */
    NOT_APPLICABLE("NotApplicable", true),
    /** A policy is invalid or cannot be planned on this node; nothing was changed. */
    INVALID_POLICY("InvalidPolicy", false),
    /** The plan removes VFs pods may use: the node waits for a slot of its policies' rollout. */
    WAITING_FOR_SLOT("WaitingForSlot", false),
    /** Pods would not leave within the drain timeout: the node stays cordoned, nothing else changes. */
    ROLLOUT_PAUSED("RolloutPaused", false),
    /** The plan removes or rebinds VFs in use and the agent runs without --allow-disruption. */
    DISRUPTION_REFUSED("DisruptionRefused", false),
    /** The next step is done by hand: a vendor's step, or a setting the CNI writes. */
    MANUAL_STEPS_PENDING("ManualStepsPending", false),
    /** Discovery, OVSDB or a step failed. */
    APPLY_FAILED("ApplyFailed", false);

    private final String reason;
    private final boolean ready;

    ReadyReason(String reason, boolean ready) {
        this.reason = reason;
        this.ready = ready;
    }

    /** The condition's {@code reason}: CamelCase, as Kubernetes conventions want it. */
    public String reason() {
        return reason;
    }

    public boolean isReady() {
        return ready;
    }
}
