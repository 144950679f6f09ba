package io.hwoffload.operator.webhook;

/** The webhook's certificate or key cannot be used; the message names the file and what is wrong with it. */
public final class WebhookTlsException extends Exception {
    public WebhookTlsException(String message) {
        super(message);
    }

    public WebhookTlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
