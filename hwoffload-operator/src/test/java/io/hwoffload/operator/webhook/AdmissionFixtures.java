package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The AdmissionReviews under src/test/resources/admission, written as the API server sends them. */
final class AdmissionFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AdmissionFixtures() {
    }

    static String text(String name) {
        try (InputStream in = AdmissionFixtures.class.getResourceAsStream("/admission/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /admission/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The NetworkAttachmentDefinitions the fixtures' pods select. */
    static InMemoryNetworkAttachments networkAttachments() {
        return new InMemoryNetworkAttachments()
                .with("kube-system", "test", "yusur.tech/sriov_dpu")
                .with("perf", "cx5-switchdev", "mellanox.com/cx5_sriov_switchdev");
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
