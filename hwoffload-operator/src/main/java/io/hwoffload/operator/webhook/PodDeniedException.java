package io.hwoffload.operator.webhook;

/**
 * The webhook refuses a pod. The API server returns the message to whoever created the pod, so it names the
 * annotation or field at fault and the value found there.
 */
public final class PodDeniedException extends Exception {
    private final int code;

    private PodDeniedException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The pod itself is wrong: an annotation or quantity that does not parse. */
    static PodDeniedException malformed(String message) {
        return new PodDeniedException(400, message, null);
    }

    /** The pod is well-formed but selects a network that cannot be given to it. */
    static PodDeniedException unresolvable(String message, Throwable cause) {
        return new PodDeniedException(403, message, cause);
    }

    /** The webhook could not find out what the pod needs; it fails closed rather than admit a pod without its devices. */
    static PodDeniedException unavailable(String message, Throwable cause) {
        return new PodDeniedException(500, message, cause);
    }

    /** The HTTP-style code for the AdmissionResponse status. */
    public int code() {
        return code;
    }
}
