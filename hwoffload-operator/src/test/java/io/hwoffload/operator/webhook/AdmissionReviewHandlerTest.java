package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static io.hwoffload.operator.webhook.AdmissionFixtures.json;
import static io.hwoffload.operator.webhook.AdmissionFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionReviewHandlerTest {
    private final InMemoryNetworkAttachments attachments = AdmissionFixtures.networkAttachments();
    private final AdmissionReviewHandler handler = new AdmissionReviewHandler(new PodResourceInjector(attachments));

    @Test
    void seedNginxPodIsAllowedWithAPatchThatAddsItsVf() throws Exception {
        JsonNode response = respond("default-network-nginx.json");

        assertThat(response.get("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(response.get("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(response.at("/response/uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(response.at("/response/allowed").asBoolean()).isTrue();
        assertThat(response.at("/response/patchType").asText()).isEqualTo("JSONPatch");
        assertThat(response.at("/response/status").isMissingNode()).isTrue();

        JsonNode pod = patchedPod("default-network-nginx.json", response);
        assertThat(pod.at("/spec/containers/0/resources")).isEqualTo(json(
                "{\"requests\":{\"yusur.tech/sriov_dpu\":\"1\"},\"limits\":{\"yusur.tech/sriov_dpu\":\"1\"}}"));
        assertThat(attachments.lookups).containsExactly("kube-system/test");
    }

    @Test
    void theSamePodAfterThePatchNeedsNoOtherPatch() throws Exception {
        ObjectNode review = tree("default-network-nginx.json");
        JsonNode patched = patchedPod("default-network-nginx.json", respond("default-network-nginx.json"));
        ((ObjectNode) review.get("request")).set("object", patched);

        JsonNode again = json(handler.respond(review.toString()));

        assertThat(again.at("/response/allowed").asBoolean()).isTrue();
        assertThat(again.at("/response/patch").isMissingNode()).isTrue();
    }

    @Test
    void twoJsonFormAttachmentsOfOneDefinitionRequestTwoDevicesInTheFirstContainer() throws Exception {
        JsonNode response = respond("networks-json-two-attachments.json");

        JsonNode pod = patchedPod("networks-json-two-attachments.json", response);
        assertThat(pod.at("/spec/containers/0/resources")).isEqualTo(json("{"
                + "\"requests\":{\"cpu\":\"500m\",\"memory\":\"256Mi\",\"mellanox.com/cx5_sriov_switchdev\":\"2\"},"
                + "\"limits\":{\"mellanox.com/cx5_sriov_switchdev\":\"2\"}}"));
        assertThat(pod.at("/spec/containers/1/resources").isMissingNode()).isTrue();
        // The pod came from a ReplicaSet without metadata.namespace: bare names resolve in the request's namespace.
        assertThat(attachments.lookups).containsExactly("perf/cx5-switchdev");
    }

    @Test
    void aPodThatAlreadyRequestsItsVfIsAllowedWithoutAPatch() throws Exception {
        JsonNode response = respond("already-requested.json");

        assertThat(response.get("response")).isEqualTo(json(
                "{\"allowed\":true,\"uid\":\"b1e0c3f2-8a4d-4f6e-9c2b-7d5a1e3f9b60\"}"));
    }

    @Test
    void aPodSelectingAMissingDefinitionIsDeniedNamingIt() throws Exception {
        JsonNode response = respond("missing-nad.json");

        assertThat(response.at("/response/uid").asText()).isEqualTo("c7f1a9d3-2e6b-4b8a-a5c4-1f0e9d8b7a62");
        assertThat(response.at("/response/allowed").asBoolean()).isFalse();
        assertThat(response.at("/response/patch").isMissingNode()).isTrue();
        assertThat(response.at("/response/status/code").asInt()).isEqualTo(403);
        assertThat(response.at("/response/status/message").asText()).isEqualTo("annotation k8s.v1.cni.cncf.io/networks "
                + "selects NetworkAttachmentDefinition default/sriov-missing, which does not exist");
    }

    @Test
    void aPodWithAMalformedAnnotationIsDeniedWith400() throws Exception {
        ObjectNode review = tree("missing-nad.json");
        ((ObjectNode) review.at("/request/object/metadata/annotations")).put(PodResourceInjector.NETWORKS_ANNOTATION, "a/b/c");

        JsonNode response = json(handler.respond(review.toString()));

        assertThat(response.at("/response/allowed").asBoolean()).isFalse();
        assertThat(response.at("/response/status/code").asInt()).isEqualTo(400);
        assertThat(response.at("/response/status/message").asText())
                .isEqualTo("annotation k8s.v1.cni.cncf.io/networks: 'a/b/c' is malformed: entry 'a/b/c' has more than one '/'");
    }

    @Test
    void aPodWithoutAnnotationsIsAllowedWithoutAPatchOrALookup() throws Exception {
        JsonNode response = respond("no-annotations.json");

        assertThat(response.get("response")).isEqualTo(json(
                "{\"allowed\":true,\"uid\":\"e4d3c2b1-0a9f-4e8d-8c7b-6a5f4e3d2c10\"}"));
        assertThat(attachments.lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE", "DELETE", "CONNECT"})
    void onlyCreationsAreLookedAt(String operation) throws Exception {
        ObjectNode review = tree("missing-nad.json");
        ((ObjectNode) review.get("request")).put("operation", operation);

        JsonNode response = json(handler.respond(review.toString()));

        assertThat(response.at("/response/allowed").asBoolean()).isTrue();
        assertThat(response.at("/response/patch").isMissingNode()).isTrue();
        assertThat(attachments.lookups).isEmpty();
    }

    @Test
    void otherKindsAndSubresourcesAreAllowedUnchanged() throws Exception {
        ObjectNode deployment = tree("missing-nad.json");
        ObjectNode request = (ObjectNode) deployment.get("request");
        request.set("kind", json("{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}"));
        request.set("object", json("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"}}"));
        ObjectNode ephemeral = tree("missing-nad.json");
        ((ObjectNode) ephemeral.get("request")).put("subResource", "ephemeralcontainers");

        for (ObjectNode review : new ObjectNode[] {deployment, ephemeral}) {
            JsonNode response = json(handler.respond(review.toString()));
            assertThat(response.at("/response/allowed").asBoolean()).isTrue();
            assertThat(response.at("/response/patch").isMissingNode()).isTrue();
        }
        assertThat(attachments.lookups).isEmpty();
    }

    @Test
    void malformedBodiesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> handler.respond("{not json")).isInstanceOf(MalformedAdmissionReviewException.class)
                .hasMessageStartingWith("the body is not an AdmissionReview: ");
        assertThatThrownBy(() -> handler.respond("")).isInstanceOf(MalformedAdmissionReviewException.class)
                .hasMessage("the body is empty; expected an AdmissionReview");
        assertThatThrownBy(() -> handler.respond("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}"))
                .isInstanceOf(MalformedAdmissionReviewException.class)
                .hasMessageStartingWith("the body is v1 Pod; expected admission.k8s.io/v1 AdmissionReview");
        assertThatThrownBy(() -> handler.respond("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"))
                .isInstanceOf(MalformedAdmissionReviewException.class).hasMessage("the AdmissionReview has no request");

        ObjectNode noUid = tree("no-annotations.json");
        ((ObjectNode) noUid.get("request")).remove("uid");
        assertThatThrownBy(() -> handler.respond(noUid.toString())).hasMessage("the AdmissionReview request has no uid");

        ObjectNode noObject = tree("no-annotations.json");
        ((ObjectNode) noObject.get("request")).remove("object");
        assertThatThrownBy(() -> handler.respond(noObject.toString()))
                .hasMessage("the AdmissionReview request for a Pod CREATE has no object");
    }

    private JsonNode respond(String fixture) throws MalformedAdmissionReviewException {
        return json(handler.respond(AdmissionFixtures.text(fixture)));
    }

    /** What the API server does with the response: base64-decode the patch and apply it to the pod it sent. */
    private static JsonNode patchedPod(String fixture, JsonNode response) {
        JsonNode patch = json(new String(Base64.getDecoder().decode(response.at("/response/patch").asText()),
                StandardCharsets.UTF_8));
        return JsonPatch.apply(patch, tree(fixture).at("/request/object"));
    }
}
