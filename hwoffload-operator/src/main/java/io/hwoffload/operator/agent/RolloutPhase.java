package io.hwoffload.operator.agent;

import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;

/** The phases of {@code status.rollout.phase}; the labels are the API. */
public enum RolloutPhase {
    WAITING_FOR_SLOT("WaitingForSlot"),
    DRAINING("Draining"),
    APPLYING("Applying"),
    VERIFYING("Verifying"),
    PAUSED("Paused"),
    DONE("Done");

    private final String label;

    RolloutPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean is(RolloutStatus status) {
        return status != null && label.equals(status.phase());
    }
}
