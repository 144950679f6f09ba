package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

import java.util.List;

/**
 * The desired config of one node as the cluster resolves it: every accepted policy whose nodeSelector
 * matches the node, with the spec it was accepted with. The agent resolves it against the node's own
 * hardware (which PF, which driver family) with the same resolver as {@code hwoffload plan}. A plan that removes
 * VFs pods may use waits for a disruption grant.
 */
public record NodeStateSpec(@Required String nodeName, @Required List<AssignedPolicy> policies,
                            @JsonPropertyDescription("Set by the operator when the node may be drained and disrupted,"
                                    + " within its policies' rollout budgets; removed when the agent reports Done")
                            DisruptionGrant disruption) {

    /** Without a disruption grant. */
    public NodeStateSpec(String nodeName, List<AssignedPolicy> policies) {
        this(nodeName, policies, null);
    }

    public NodeStateSpec withDisruption(DisruptionGrant grant) {
        return new NodeStateSpec(nodeName, policies, grant);
    }

    /** A slot of the rollout: the node may be cordoned, drained and changed. */
    public record DisruptionGrant(@JsonPropertyDescription("When the operator granted it (RFC 3339)") String grantedAt) {
    }

    public record AssignedPolicy(@Required String name,
                                 @JsonPropertyDescription("The policy's metadata.generation this spec came from") Long generation,
                                 @Required PolicySpec spec) {
    }
}
