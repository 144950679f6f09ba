package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Answers the API server's AdmissionReview for pods: the request's uid, whether the pod is allowed, and the JSON
 * Patch that adds its device resources. Only pod creations are looked at; everything else is allowed unchanged,
 * since resources of a running pod cannot change.
 */
public final class AdmissionReviewHandler {
    static final String API_VERSION = "admission.k8s.io/v1";
    private static final String KIND = "AdmissionReview";

    private final KubernetesSerialization serialization = new KubernetesSerialization();
    private final PodResourceInjector injector;

    public AdmissionReviewHandler(PodResourceInjector injector) {
        this.injector = Objects.requireNonNull(injector, "injector");
    }

    /** The response AdmissionReview JSON for the request AdmissionReview JSON. */
    public String respond(String requestJson) throws MalformedAdmissionReviewException {
        AdmissionRequest request = read(requestJson);
        AdmissionResponse response = new AdmissionResponse();
        response.setUid(request.getUid());
        response.setAllowed(true);
        if (isPodCreation(request)) {
            Pod pod = pod(request);
            try {
                List<JsonNode> patch = injector.patch(pod, namespace(request, pod));
                if (!patch.isEmpty()) {
                    response.setPatchType("JSONPatch");
                    // JsonNode.toString() is the node's JSON text (Jackson 2.10+).
                    String patchJson = JsonNodeFactory.instance.arrayNode().addAll(patch).toString();
                    response.setPatch(Base64.getEncoder().encodeToString(patchJson.getBytes(StandardCharsets.UTF_8)));
                }
            } catch (PodDeniedException e) {
                response.setAllowed(false);
                response.setStatus(new StatusBuilder().withCode(e.code()).withMessage(e.getMessage()).build());
            }
        }
        AdmissionReview review = new AdmissionReview();
        review.setApiVersion(API_VERSION);
        review.setKind(KIND);
        review.setResponse(response);
        return serialization.asJson(review);
    }

    private AdmissionRequest read(String requestJson) throws MalformedAdmissionReviewException {
        AdmissionReview review;
        try {
            review = serialization.unmarshal(requestJson, AdmissionReview.class);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new MalformedAdmissionReviewException("the body is not an AdmissionReview: " + deepestMessage(e));
        }
        if (review == null) {
            throw new MalformedAdmissionReviewException("the body is empty; expected an AdmissionReview");
        }
        if (!API_VERSION.equals(review.getApiVersion()) || !KIND.equals(review.getKind())) {
            throw new MalformedAdmissionReviewException("the body is " + review.getApiVersion() + " " + review.getKind()
                    + "; expected " + API_VERSION + " " + KIND + " (list only v1 in the webhook's admissionReviewVersions)");
        }
        AdmissionRequest request = review.getRequest();
        if (request == null) {
            throw new MalformedAdmissionReviewException("the AdmissionReview has no request");
        }
        if (request.getUid() == null || request.getUid().isBlank()) {
            throw new MalformedAdmissionReviewException("the AdmissionReview request has no uid");
        }
        return request;
    }

    private static boolean isPodCreation(AdmissionRequest request) {
        GroupVersionKind kind = request.getKind();
        boolean subResource = request.getSubResource() != null && !request.getSubResource().isEmpty();
        return kind != null && "".equals(kind.getGroup()) && "Pod".equals(kind.getKind()) && !subResource
                && "CREATE".equals(request.getOperation());
    }

    private Pod pod(AdmissionRequest request) throws MalformedAdmissionReviewException {
        Object object = request.getObject();
        if (object instanceof Pod) {
            return (Pod) object;
        }
        if (object == null) {
            throw new MalformedAdmissionReviewException("the AdmissionReview request for a Pod CREATE has no object");
        }
        try {
            return serialization.convertValue(object, Pod.class);
        } catch (IllegalArgumentException e) {
            throw new MalformedAdmissionReviewException("the AdmissionReview request object is not a Pod: " + deepestMessage(e));
        }
    }

    /** The request's namespace: the pod's own metadata lacks it when a controller created the pod. */
    private static String namespace(AdmissionRequest request, Pod pod) throws MalformedAdmissionReviewException {
        if (request.getNamespace() != null && !request.getNamespace().isEmpty()) {
            return request.getNamespace();
        }
        if (pod.getMetadata() != null && pod.getMetadata().getNamespace() != null && !pod.getMetadata().getNamespace().isEmpty()) {
            return pod.getMetadata().getNamespace();
        }
        throw new MalformedAdmissionReviewException("the AdmissionReview request for a Pod CREATE has no namespace");
    }

    private static String deepestMessage(Throwable e) {
        Throwable deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        if (deepest instanceof JsonProcessingException) {
            return ((JsonProcessingException) deepest).getOriginalMessage();
        }
        return deepest.getMessage() != null ? deepest.getMessage() : deepest.toString();
    }
}
