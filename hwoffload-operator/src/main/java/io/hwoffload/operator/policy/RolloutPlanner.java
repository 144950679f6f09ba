package io.hwoffload.operator.policy;

import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateSpec.DisruptionGrant;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.PolicySpecs;
import io.hwoffload.operator.crd.PolicyStatus.RolloutProgress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Grants the rollout's slots: which nodes may be drained and disrupted now. Pure, and all its state is in the API
 * server (the grants in the node states' spec, the agents' phases in their status), so an operator restart keeps the
 * slots it granted.
 *
 * <p>A node holds a slot from its grant until its agent reports Done (after it verified its offload, when asked). Per policy, the nodes it matches that hold a
 * slot or are unschedulable for another reason count against {@code maxUnavailable} ({@code 1} while fewer than
 * {@code canary} nodes are done with this generation); a node whose drain paused stops the policy's rollout. Waiting
 * nodes are granted oldest request first, when every policy they have allows one more.
 */
final class RolloutPlanner {
    private static final Set<String> ACTIVE = Set.of("WaitingForSlot", "Draining", "Applying", "Verifying", "Paused");

    private RolloutPlanner() {
    }

    /** A node as the planner sees it: its grant now, its agent's rollout report, whether it is unschedulable. */
    record NodeView(String name, DisruptionGrant grant, RolloutStatus rollout, boolean unschedulable) {
        boolean holdsSlot() {
            return grant != null && rollout != null && ACTIVE.contains(rollout.phase());
        }

        boolean waiting() {
            return grant == null && rollout != null && "WaitingForSlot".equals(rollout.phase());
        }

        boolean paused() {
            return rollout != null && "Paused".equals(rollout.phase());
        }

        boolean doneWith(String policy, Long generation) {
            return rollout != null && "Done".equals(rollout.phase()) && rollout.generations() != null
                    && generation != null && generation.equals(rollout.generations().get(policy));
        }
    }

    /** The grants to hold (every node of {@code nodeStates} gets one or none) and each policy's progress. */
    record Plan(Map<String, NodeStateSpec> nodeStates, Map<String, RolloutProgress> progress) {
    }

    static Plan plan(Map<String, PolicyVerdict> verdicts, Map<String, NodeStateSpec> desired, Map<String, NodeView> nodes,
                     String now) {
        Map<String, Budget> budgets = new LinkedHashMap<>();
        verdicts.values().stream().filter(v -> v.acceptedSpec() != null)
                .forEach(v -> budgets.put(v.name(), Budget.of(v, nodes)));
        Map<String, DisruptionGrant> grants = new HashMap<>();
        nodes.values().stream().filter(NodeView::holdsSlot).forEach(n -> grants.put(n.name(), n.grant()));

        List<NodeView> waiting = new ArrayList<>(nodes.values().stream().filter(NodeView::waiting)
                .filter(n -> desired.containsKey(n.name())).toList());
        waiting.sort(Comparator.comparing((NodeView n) -> n.rollout().requestedAt(), Comparator.nullsLast(String::compareTo))
                .thenComparing(NodeView::name));
        for (NodeView node : waiting) {
            List<Budget> its = budgets.values().stream().filter(b -> b.matched.contains(node.name())).toList();
            if (!its.isEmpty() && its.stream().allMatch(b -> b.allowsOneMore(node))) {
                grants.put(node.name(), new DisruptionGrant(now));
                its.forEach(b -> b.take(node));
            }
        }
        Map<String, NodeStateSpec> granted = new TreeMap<>();
        desired.forEach((name, spec) -> granted.put(name, spec.withDisruption(grants.get(name))));
        Map<String, RolloutProgress> progress = new TreeMap<>();
        budgets.forEach((name, budget) -> progress.put(name, budget.progress(nodes, grants)));
        return new Plan(granted, progress);
    }

    /** One policy's budget as this round uses it. */
    private static final class Budget {
        final String policy;
        final Long generation;
        final List<String> matched;
        final int limit;
        final boolean paused;
        final Set<String> unavailable;

        private Budget(String policy, Long generation, List<String> matched, int limit, boolean paused,
                       Set<String> unavailable) {
            this.policy = policy;
            this.generation = generation;
            this.matched = matched;
            this.limit = limit;
            this.paused = paused;
            this.unavailable = unavailable;
        }

        static Budget of(PolicyVerdict verdict, Map<String, NodeView> nodes) {
            RolloutPolicy rollout;
            try {
                rollout = PolicySpecs.toPolicy(verdict.name(), verdict.acceptedSpec()).rollout();
            } catch (PolicyException e) {
                rollout = RolloutPolicy.DEFAULT;   // an accepted spec parses; this only guards the planner
            }
            List<NodeView> its = verdict.matchedNodes().stream().map(nodes::get).filter(n -> n != null).toList();
            long done = its.stream().filter(n -> n.doneWith(verdict.name(), verdict.acceptedGeneration())).count();
            int limit = done < rollout.canary() ? 1 : rollout.maxUnavailable().of(verdict.matchedNodes().size());
            Set<String> unavailable = new TreeSet<>();
            its.stream().filter(n -> n.holdsSlot() || n.unschedulable()).forEach(n -> unavailable.add(n.name()));
            return new Budget(verdict.name(), verdict.acceptedGeneration(), verdict.matchedNodes(), limit,
                    its.stream().anyMatch(NodeView::paused), unavailable);
        }

        /** A node already unschedulable counts already: granting it takes nothing more. */
        boolean allowsOneMore(NodeView node) {
            return !paused && (unavailable.contains(node.name()) || unavailable.size() < limit);
        }

        void take(NodeView node) {
            unavailable.add(node.name());
        }

        RolloutProgress progress(Map<String, NodeView> nodes, Map<String, DisruptionGrant> grants) {
            int done = 0;
            int inProgress = 0;
            int waiting = 0;
            List<String> pausedNodes = new ArrayList<>();
            for (String name : matched) {
                NodeView node = nodes.get(name);
                if (node == null) {
                    continue;
                }
                if (node.paused()) {
                    pausedNodes.add(name);
                } else if (grants.containsKey(name)) {
                    inProgress++;
                } else if (node.waiting()) {
                    waiting++;
                } else if (node.doneWith(policy, generation)) {
                    done++;
                }
            }
            if (done == 0 && inProgress == 0 && waiting == 0 && pausedNodes.isEmpty()) {
                return null;
            }
            return new RolloutProgress(done, inProgress, waiting, pausedNodes.isEmpty() ? null : pausedNodes,
                    done + " done, " + inProgress + " in progress, " + waiting + " waiting"
                            + (pausedNodes.isEmpty() ? "" : ", paused at " + String.join(", ", pausedNodes)));
        }
    }
}
