package io.hwoffload.operator.webhook;

/** A request body that is not an admission.k8s.io/v1 AdmissionReview with a request; the server answers 400. */
public final class MalformedAdmissionReviewException extends Exception {
    public MalformedAdmissionReviewException(String message) {
        super(message);
    }
}
