package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/**
 * What the operator made of a policy. {@code acceptedSpec} is the last spec that passed validation: an
 * invalid edit leaves the cluster on it instead of tearing down what the policy had created.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyStatus(
        Long observedGeneration,
        @JsonPropertyDescription("Accepted (valid and rendered) and Ready (every matched node converged)")
        List<Condition> conditions,
        Integer matchedNodes,
        Integer readyNodes,
        @JsonPropertyDescription("The last spec that passed validation; the cluster runs on it") PolicySpec acceptedSpec,
        @JsonPropertyDescription("metadata.generation of acceptedSpec") Long acceptedGeneration,
        @JsonPropertyDescription("How a disruptive change rolls out across the matched nodes; absent when none does")
        RolloutProgress rollout) {

    /** Without a rollout. */
    public PolicyStatus(Long observedGeneration, List<Condition> conditions, Integer matchedNodes, Integer readyNodes,
                        PolicySpec acceptedSpec, Long acceptedGeneration) {
        this(observedGeneration, conditions, matchedNodes, readyNodes, acceptedSpec, acceptedGeneration, null);
    }

    /** Nodes done with the accepted generation, holding a slot, waiting for one, and those whose drain paused. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutProgress(Integer done, Integer inProgress, Integer waiting,
                                  @JsonPropertyDescription("Nodes whose pods would not leave in time: nothing further"
                                          + " is touched until they do") List<String> paused,
                                  @JsonPropertyDescription("e.g. \"3 done, 1 in progress, 6 waiting\"") String summary) {
    }
}
