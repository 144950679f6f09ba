package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

import java.util.List;

/**
 * The desired config of one node as the cluster resolves it: every accepted policy whose nodeSelector
 * matches the node, with the spec it was accepted with. The agent resolves it against the node's own
 * hardware (which PF, which driver family) with the same resolver as {@code hwoffload plan}.
 */
public record NodeStateSpec(@Required String nodeName, @Required List<AssignedPolicy> policies) {

    public record AssignedPolicy(@Required String name,
                                 @JsonPropertyDescription("The policy's metadata.generation this spec came from") Long generation,
                                 @Required PolicySpec spec) {
    }
}
