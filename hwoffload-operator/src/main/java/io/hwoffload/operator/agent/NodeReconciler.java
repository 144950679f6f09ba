package io.hwoffload.operator.agent;

import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.plan.DesiredFunction;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.core.plan.Step;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.ApplyListener;
import io.hwoffload.host.apply.ApplyResult;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.NodeStateStatus.NicStatus;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.PolicySpecs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One pass of the agent over its node: discover, turn the spec's policies into core policies, resolve them against
 * the node, apply, and say how it ended. Every policy is checked before anything is resolved or applied, so an
 * invalid spec changes nothing. Failures end in an outcome, never an exception: the status must say what happened.
 */
public final class NodeReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReconciler.class);

    private final LocalNode node;
    private final boolean allowDisruption;
    /** The rollout gate of a plan that removes VFs pods may use; null when the agent changes the node in place. */
    private final NodeRollout rollout;

    /** {@code allowDisruption}: also run steps that remove or rebind VFs pods may be using; else refuse them. */
    public NodeReconciler(LocalNode node, boolean allowDisruption) {
        this(node, allowDisruption, null, Clock.systemUTC());
    }

    /**
     * With {@code drain}, a plan that removes VFs pods may use waits for the operator's disruption grant (a slot of
     * the policies' rollout), then cordons and drains the node, applies, and uncordons it.
     */
    public NodeReconciler(LocalNode node, boolean allowDisruption, NodeDrain drain, Clock clock) {
        this.node = node;
        this.allowDisruption = allowDisruption;
        this.rollout = allowDisruption || drain == null ? null : new NodeRollout(node, drain, clock);
    }

    public ReconcileOutcome reconcile(NodeStateSpec spec) {
        return reconcile(spec, null, null, rollout -> { });
    }

    /**
     * @param previous the rollout part of the stored status (where a drain an agent restart interrupted stands)
     * @param resume   the node state's hwoffload.io/resume-rollout annotation: a new value resumes a rollout paused
     *                 by its verification
     * @param progress told when a drain begins, so that the status says so while it lasts
     */
    public ReconcileOutcome reconcile(NodeStateSpec spec, RolloutStatus previous, String resume,
                                      Consumer<RolloutStatus> progress) {
        NodeInventory before;
        try {
            before = node.observe().inventory();
        } catch (HostException e) {
            return stopped(ReadyReason.APPLY_FAILED, "cannot read the node: " + e.getMessage(), List.of(), List.of(), null, null);
        }
        List<OffloadPolicy> policies;
        try {
            policies = policies(spec);
        } catch (PolicyException e) {
            return stopped(ReadyReason.INVALID_POLICY, e.getMessage(), List.of(), List.of(), nics(before), null);
        }
        if (policies.isEmpty()) {
            return new ReconcileOutcome(ReadyReason.CONVERGED, "no OffloadPolicy selects this node: nothing to configure",
                    List.of(), List.of(), null, nics(before), 0);
        }
        if (NodeConfigResolver.applicable(policies, before).isEmpty()) {
            return new ReconcileOutcome(ReadyReason.NOT_APPLICABLE, "no PF here matches the node's policies ("
                    + policies.stream().map(p -> p.name() + " wants " + p.nic().describe()).collect(Collectors.joining("; "))
                    + "): nothing to configure", List.of(), List.of(), null, nics(before), 0);
        }
        DesiredNode desired;
        try {
            desired = new NodeConfigResolver(node.catalog()).resolve(policies, before);
        } catch (PlanException e) {
            return stopped(ReadyReason.INVALID_POLICY, e.getMessage(), List.of(), List.of(), nics(before), null);
        }
        boolean disrupt = allowDisruption;
        RolloutStatus rolloutStatus = null;
        if (rollout != null) {
            NodeRollout.Gate gate;
            try {
                gate = rollout.gate(spec, policies, desired, before, previous, progress);
            } catch (HostException e) {
                return stopped(ReadyReason.APPLY_FAILED, "cannot plan: " + e.getMessage(), List.of(), List.of(), nics(before), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return stopped(ReadyReason.APPLY_FAILED, "interrupted while draining the node; the next reconcile goes on",
                        List.of(), List.of(), nics(before), null);
            }
            if (gate.stop() != null) {
                return gate.stop().withRollout(gate.status());
            }
            disrupt = gate.status() != null;
            rolloutStatus = gate.status();
        }
        StepLog steps = new StepLog();
        ApplyResult result;
        try {
            result = node.apply(desired, disrupt, steps);
        } catch (HostException e) {
            return applyStopped(desired, e, steps.applied()).withRollout(rolloutStatus);
        }
        rolloutStatus = rollout == null ? null : rollout.finish(rolloutStatus, previous, RolloutSettings.of(policies), resume);
        NodeInventory after;
        try {
            after = node.observe().inventory();
        } catch (HostException e) {
            return stopped(ReadyReason.APPLY_FAILED, "the apply finished but the node cannot be read: " + e.getMessage(),
                    steps.applied(), List.of(), null, null);
        }
        List<String> pending = result.pending().stream().map(Disruption::advice).sorted().toList();
        String message = "the node matches " + String.join(", ", desired.policies())
                + (pending.isEmpty() ? "" : "; " + String.join("; ", pending));
        return new ReconcileOutcome(ReadyReason.CONVERGED, message, steps.applied(), pending, null, nics(after),
                vfsConfigured(desired, after), rolloutStatus);
    }

    /** Every assigned policy as a core policy; the problems of all of them at once, each with its field and fix. */
    static List<OffloadPolicy> policies(NodeStateSpec spec) {
        List<AssignedPolicy> assigned = spec == null || spec.policies() == null ? List.of() : spec.policies();
        List<OffloadPolicy> policies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (AssignedPolicy policy : assigned) {
            try {
                policies.add(PolicySpecs.toPolicy(policy.name(), policy.spec()));
            } catch (PolicyException e) {
                e.problems().forEach(p -> problems.add("OffloadPolicy " + policy.name() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException("the policies for this node", problems);
        }
        return policies;
    }

    /**
     * The apply stopped: what is left of the plan says why. A drain without --allow-disruption and a vendor's step
     * wait for a person (they go to pendingSteps); anything else is a failure that the next resync retries.
     */
    private ReconcileOutcome applyStopped(DesiredNode desired, HostException failure, List<String> applied) {
        Plan left;
        try {
            left = node.plan(desired);
        } catch (HostException | PlanException e) {
            return stopped(ReadyReason.APPLY_FAILED, failure.getMessage(), applied, List.of(), currentNics(), null);
        }
        List<String> drains = left.steps().stream().filter(s -> s.disruption() == Disruption.NODE_DRAIN)
                .map(s -> s.action().command()).toList();
        if (!allowDisruption && !drains.isEmpty()) {
            return stopped(ReadyReason.DISRUPTION_REFUSED, failure.getMessage(), applied, drains, currentNics(), null);
        }
        if (!left.steps().isEmpty() && left.steps().get(0).action().isManual()) {
            List<String> manual = left.steps().stream().filter(s -> s.action().isManual())
                    .map(s -> s.action().command()).toList();
            return stopped(ReadyReason.MANUAL_STEPS_PENDING, failure.getMessage(), applied, manual, currentNics(), null);
        }
        return stopped(ReadyReason.APPLY_FAILED, failure.getMessage(), applied, List.of(), currentNics(), null);
    }

    static ReconcileOutcome stopped(ReadyReason reason, String error, List<String> applied, List<String> pending,
                                            List<NicStatus> nics, Integer vfsConfigured) {
        LOG.warn("not ready ({}): {}", reason.reason(), error);
        return new ReconcileOutcome(reason, error, applied, pending, error, nics, vfsConfigured);
    }

    /** The PFs as they are now, or null when discovery itself fails (the failure is already in the outcome). */
    private List<NicStatus> currentNics() {
        try {
            return nics(node.observe().inventory());
        } catch (HostException e) {
            return null;
        }
    }

    static List<NicStatus> nics(NodeInventory inventory) {
        return inventory.nics().stream().map(NodeReconciler::nic).toList();
    }

    private static NicStatus nic(PhysicalFunction pf) {
        return new NicStatus(pf.pciAddress().toString(), pf.model(), pf.driver(), pf.netdev(),
                pf.eswitchMode() == null ? null : pf.eswitchMode().label(),
                pf.sriov() == null ? null : pf.sriov().totalVfs(), pf.sriov() == null ? null : pf.sriov().numVfs());
    }

    static int vfsConfigured(DesiredNode desired, NodeInventory inventory) {
        int vfs = 0;
        for (DesiredFunction function : desired.functions()) {
            vfs += inventory.nicByPciAddress(function.pf()).filter(pf -> pf.sriov() != null)
                    .map(pf -> pf.sriov().numVfs()).orElse(0);
        }
        return vfs;
    }

    /** The commands of the steps that took effect, in order, and a log line per step as it starts. */
    private static final class StepLog implements ApplyListener {
        private final List<String> applied = new ArrayList<>();

        @Override
        public void starting(int number, int total, Step step) {
            LOG.info("[{}/{}] {}", number, total, step.action().command());
        }

        @Override
        public void done(int number, int total, Step step) {
            applied.add(step.action().command());
        }

        List<String> applied() {
            return List.copyOf(applied);
        }
    }
}
