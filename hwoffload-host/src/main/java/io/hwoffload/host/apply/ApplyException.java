package io.hwoffload.host.apply;

import io.hwoffload.host.HostException;

/** An apply stopped: a step failed, did not take effect, needs a person, or needs a drain not allowed. */
public final class ApplyException extends HostException {
    private final int changes;

    public ApplyException(String message, int changes, Throwable cause) {
        super(message, cause);
        this.changes = changes;
    }

    /** Steps that ran before it stopped. */
    public int changes() {
        return changes;
    }
}
