package io.hwoffload.operator.webhook;

/** A NetworkAttachmentDefinition could not be read; the message names it and says why. */
public class NetworkAttachmentLookupException extends Exception {
    public NetworkAttachmentLookupException(String message, Throwable cause) {
        super(message, cause);
    }

    NetworkAttachmentLookupException(String message) {
        super(message);
    }
}
