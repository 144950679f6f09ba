package io.hwoffload.cli;

/** The command could not do its work (a socket unreachable, a read failed). Exit 1. */
public final class CommandFailedException extends RuntimeException {
    public CommandFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
