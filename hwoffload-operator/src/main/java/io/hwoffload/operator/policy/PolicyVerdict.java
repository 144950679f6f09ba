package io.hwoffload.operator.policy;

import io.hwoffload.operator.crd.PolicySpec;

import java.util.List;

/**
 * What the operator made of one policy in this round.
 *
 * @param acceptedSpec       the spec the cluster runs on: the current one when valid, else the last accepted one,
 *                           else null (the policy contributes nothing)
 * @param acceptedGeneration metadata.generation of {@code acceptedSpec}
 * @param problems           why the current spec was not accepted, each naming the field and the fix; empty when it was
 * @param matchedNodes       nodes whose labels match the accepted spec's nodeSelector, sorted
 */
public record PolicyVerdict(String name, PolicySpec acceptedSpec, Long acceptedGeneration, List<String> problems,
                            List<String> matchedNodes) {

    public PolicyVerdict {
        problems = List.copyOf(problems);
        matchedNodes = List.copyOf(matchedNodes);
    }

    public boolean currentSpecAccepted() {
        return problems.isEmpty() && acceptedSpec != null;
    }
}
