package io.hwoffload.host;

/** A host operation failed; the message says what was attempted and the kernel's or tool's reason. */
public class HostException extends RuntimeException {
    public HostException(String message) {
        super(message);
    }

    public HostException(String message, Throwable cause) {
        super(message, cause);
    }
}
