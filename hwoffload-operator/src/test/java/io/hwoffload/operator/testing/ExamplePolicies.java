package io.hwoffload.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicySpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The seed policies of examples/policies as OffloadPolicy objects, the way kubectl apply would send them. */
public final class ExamplePolicies {
    private static final YAMLMapper YAML = new YAMLMapper();

    private ExamplePolicies() {
    }

    /** Every document of {@code examples/policies/<example>.yaml}. */
    public static List<OffloadPolicyResource> load(String example) {
        Path file = Path.of("../examples/policies", example + ".yaml");
        try {
            List<OffloadPolicyResource> policies = new ArrayList<>();
            for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readAllBytes(file)).readAll()) {
                policies.add(policy(document.at("/metadata/name").asText(),
                        YAML.treeToValue(document.get("spec"), PolicySpec.class)));
            }
            return policies;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OffloadPolicyResource single(String example) {
        return load(example).get(0);
    }

    public static OffloadPolicyResource policy(String name, PolicySpec spec) {
        OffloadPolicyResource policy = new OffloadPolicyResource();
        policy.setMetadata(new ObjectMetaBuilder().withName(name).build());
        policy.setSpec(spec);
        return policy;
    }
}
