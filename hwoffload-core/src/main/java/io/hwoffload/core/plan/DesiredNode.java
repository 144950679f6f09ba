package io.hwoffload.core.plan;

import java.util.List;

/**
 * The resolved configuration of one node: what each owned PF and OVS should be (ovs null: OVS is not
 * touched), and the policies that apply here. The OffloadNodeState spec of the operator.
 */
public record DesiredNode(List<String> policies, List<DesiredFunction> functions, DesiredOvs ovs,
                          List<String> prerequisites) {

    public DesiredNode {
        policies = List.copyOf(policies);
        functions = List.copyOf(functions);
        prerequisites = List.copyOf(prerequisites);
    }
}
