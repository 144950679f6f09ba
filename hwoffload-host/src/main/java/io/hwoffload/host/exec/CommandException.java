package io.hwoffload.host.exec;

import io.hwoffload.host.HostException;

/** A command could not be run to its end: its program is missing, it could not start, or it timed out. */
public class CommandException extends HostException {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
