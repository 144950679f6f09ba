package io.hwoffload.core.plan;

/** A policy cannot be planned on this node (it selects no PF, asks more VFs than the PF has, ...); says the fix. */
public final class PlanException extends RuntimeException {

    public PlanException(String message) {
        super(message);
    }
}
