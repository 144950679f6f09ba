package io.hwoffload.operator.crd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns a stored spec into the core policy through {@link PolicyReader}, so a policy in the cluster gets
 * exactly the validation and messages of a policy file given to {@code hwoffload plan}.
 */
public final class PolicySpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicySpecs() {
    }

    /** The policy, or a {@code PolicyException} naming every bad field of the spec and its fix. */
    public static OffloadPolicy toPolicy(String name, PolicySpec spec) {
        ObjectNode document = JSON.createObjectNode();
        document.put("apiVersion", OffloadPolicy.API_VERSION);
        document.put("kind", OffloadPolicy.KIND);
        document.putObject("metadata").put("name", name);
        document.set("spec", JSON.valueToTree(spec));
        List<OffloadPolicy> policies = PolicyReader.read(document.toString().getBytes(StandardCharsets.UTF_8),
                "OffloadPolicy " + name);
        return policies.get(0);
    }
}
