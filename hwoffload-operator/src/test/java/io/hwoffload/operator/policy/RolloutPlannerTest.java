package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateSpec.DisruptionGrant;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpec.RolloutSpec;
import io.hwoffload.operator.testing.ExamplePolicies;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rollout's slots: within the budget, oldest request first, canaries alone, nothing after a pause. */
class RolloutPlannerTest {
    private static final String NOW = "2026-12-07T12:00:00Z";
    private static final DisruptionGrant GRANTED = new DisruptionGrant("2026-12-07T11:00:00Z");

    @Test
    void grantsWithinMaxUnavailableOldestRequestFirst() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(5);
        nodes.put("n3", waiting("n3", "2026-12-07T10:00:00Z"));
        nodes.put("n1", waiting("n1", "2026-12-07T10:00:05Z"));
        nodes.put("n4", waiting("n4", "2026-12-07T10:00:01Z"));

        RolloutPlanner.Plan plan = plan(rollout(2, 0), nodes);

        assertThat(granted(plan)).containsExactly("n3", "n4");
        assertThat(plan.nodeStates().get("n3").disruption()).isEqualTo(new DisruptionGrant(NOW));
        assertThat(plan.progress().get("p").summary()).isEqualTo("0 done, 2 in progress, 1 waiting");
    }

    @Test
    void aSlotIsHeldUntilTheAgentIsDoneAndThenTheNextGoes() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(3);
        nodes.put("n0", new RolloutPlanner.NodeView("n0", GRANTED, phase("Draining"), true));
        nodes.put("n1", waiting("n1", "2026-12-07T10:00:00Z"));

        assertThat(granted(plan(rollout(1, 0), nodes))).containsExactly("n0");

        nodes.put("n0", new RolloutPlanner.NodeView("n0", GRANTED, phase("Done"), false));
        RolloutPlanner.Plan next = plan(rollout(1, 0), nodes);
        assertThat(granted(next)).containsExactly("n1");
        assertThat(next.progress().get("p").summary()).isEqualTo("1 done, 1 in progress, 0 waiting");
    }

    @Test
    void aNodeCordonedForAnotherReasonCountsAgainstTheBudget() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(3);
        nodes.put("n0", new RolloutPlanner.NodeView("n0", null, null, true));
        nodes.put("n1", waiting("n1", "2026-12-07T10:00:00Z"));

        assertThat(granted(plan(rollout(1, 0), nodes))).isEmpty();

        // One that is unschedulable itself takes nothing more when granted.
        nodes.put("n0", new RolloutPlanner.NodeView("n0", null, phase("WaitingForSlot"), true));
        assertThat(granted(plan(rollout(1, 0), nodes))).containsExactly("n0");
    }

    @Test
    void canariesGoAloneUntilEnoughAreDone() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(4);
        IntStream.range(0, 4).forEach(i -> nodes.put("n" + i, waiting("n" + i, "2026-12-07T10:00:0" + i + "Z")));

        assertThat(granted(plan(rollout(3, 1), nodes))).containsExactly("n0");

        nodes.put("n0", new RolloutPlanner.NodeView("n0", null, done(), false));
        assertThat(granted(plan(rollout(3, 1), nodes))).containsExactly("n1", "n2", "n3");
    }

    @Test
    void aPausedNodeStopsThePolicysRollout() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(3);
        nodes.put("n0", new RolloutPlanner.NodeView("n0", GRANTED, phase("Paused"), true));
        nodes.put("n1", waiting("n1", "2026-12-07T10:00:00Z"));

        RolloutPlanner.Plan plan = plan(rollout(3, 0), nodes);

        assertThat(granted(plan)).containsExactly("n0");
        assertThat(plan.progress().get("p").paused()).containsExactly("n0");
        assertThat(plan.progress().get("p").summary()).endsWith("paused at n0");
    }

    @Test
    void aNodeThatDisappearedReleasesItsSlot() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(2);
        nodes.put("n1", waiting("n1", "2026-12-07T10:00:00Z"));
        Map<String, RolloutPlanner.NodeView> withGone = new LinkedHashMap<>(nodes);
        // n9's node state is still there, with its grant, but the node is gone: no policy matches it any more.
        withGone.put("n9", new RolloutPlanner.NodeView("n9", GRANTED, phase("Draining"), true));

        RolloutPlanner.Plan plan = plan(rollout(1, 0), nodes, withGone);

        assertThat(granted(plan)).containsExactly("n1");
        assertThat(plan.nodeStates()).doesNotContainKey("n9");
    }

    @Test
    void aPercentageRoundsDownButNeverToZero() {
        Map<String, RolloutPlanner.NodeView> nodes = nodes(10);
        IntStream.range(0, 10).forEach(i -> nodes.put("n" + i, waiting("n" + i, "2026-12-07T10:00:0" + i + "Z")));

        assertThat(granted(plan(new RolloutSpec(new IntOrString("25%"), null, null, null, null), nodes))).hasSize(2);
        assertThat(granted(plan(new RolloutSpec(new IntOrString("5%"), null, null, null, null), nodes))).hasSize(1);
    }

    private static RolloutSpec rollout(int maxUnavailable, int canary) {
        return new RolloutSpec(new IntOrString(maxUnavailable), null, null, null, canary);
    }

    private static RolloutPlanner.Plan plan(RolloutSpec rollout, Map<String, RolloutPlanner.NodeView> nodes) {
        return plan(rollout, nodes, nodes);
    }

    /** {@code matchedNodes} are the nodes that exist (and match); {@code views} every node state the planner sees. */
    private static RolloutPlanner.Plan plan(RolloutSpec rollout, Map<String, RolloutPlanner.NodeView> matchedNodes,
                                            Map<String, RolloutPlanner.NodeView> views) {
        PolicySpec template = ExamplePolicies.single("mellanox-antrea").getSpec();
        PolicySpec spec = new PolicySpec(template.nodeSelector(), template.nicSelector(), template.numVfs(),
                template.eswitchMode(), template.hwTcOffload(), template.resourcePools(), template.cni(), template.ovs(),
                rollout);
        List<String> matched = matchedNodes.keySet().stream().sorted().toList();
        PolicyVerdict verdict = new PolicyVerdict("p", spec, 2L, List.of(), matched);
        Map<String, NodeStateSpec> desired = matched.stream().collect(Collectors.toMap(n -> n,
                n -> new NodeStateSpec(n, List.of(new NodeStateSpec.AssignedPolicy("p", 2L, spec)))));
        return RolloutPlanner.plan(Map.of("p", verdict), desired, views, NOW);
    }

    private static List<String> granted(RolloutPlanner.Plan plan) {
        return plan.nodeStates().entrySet().stream().filter(e -> e.getValue().disruption() != null)
                .map(Map.Entry::getKey).toList();
    }

    private static Map<String, RolloutPlanner.NodeView> nodes(int count) {
        Map<String, RolloutPlanner.NodeView> nodes = new LinkedHashMap<>();
        IntStream.range(0, count).forEach(i -> nodes.put("n" + i, new RolloutPlanner.NodeView("n" + i, null, null, false)));
        return nodes;
    }

    private static RolloutPlanner.NodeView waiting(String name, String requestedAt) {
        return new RolloutPlanner.NodeView(name, null,
                new RolloutStatus("WaitingForSlot", requestedAt, requestedAt, Map.of("p", 2L), "waiting", false), false);
    }

    private static RolloutStatus phase(String phase) {
        return new RolloutStatus(phase, "2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z", Map.of("p", 2L), phase, true);
    }

    private static RolloutStatus done() {
        return new RolloutStatus("Done", "2026-12-07T10:00:00Z", "2026-12-07T10:30:00Z", Map.of("p", 2L), "done", false);
    }
}
