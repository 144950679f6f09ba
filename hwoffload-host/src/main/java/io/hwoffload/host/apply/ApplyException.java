package io.hwoffload.host.apply;

import io.hwoffload.core.plan.Step;
import io.hwoffload.host.HostException;

import java.util.Optional;

/** An apply stopped: a step failed, did not take effect, needs a person, or needs a drain not allowed. */
public final class ApplyException extends HostException {
    private final int changes;
    private final transient Step manualStep;

    public ApplyException(String message, int changes, Throwable cause) {
        this(message, changes, cause, null);
    }

    private ApplyException(String message, int changes, Throwable cause, Step manualStep) {
        super(message, cause);
        this.changes = changes;
        this.manualStep = manualStep;
    }

    /** It stopped before {@code step}, which a person must do; {@code changes} steps ran before it. */
    static ApplyException atManualStep(String message, int changes, Step step) {
        return new ApplyException(message, changes, null, step);
    }

    /** Steps that ran before it stopped. */
    public int changes() {
        return changes;
    }

    /** The by-hand step it stopped before, if that is why it stopped. */
    public Optional<Step> manualStep() {
        return Optional.ofNullable(manualStep);
    }
}
