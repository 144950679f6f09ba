package io.hwoffload.operator.agent;

import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.Step;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.RolloutPolicy.DrainMode;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The node's part in its policies' rollout around an apply whose plan removes VFs pods may use: before it, ask for
 * a slot, or, granted, cordon and drain the node ({@link #gate}); after it, uncordon and be Done, or measure offload
 * first ({@link #finish}). Everything it needs to resume after an agent restart is in the stored status.
 */
final class NodeRollout {
    private final LocalNode node;
    private final NodeDrain drain;
    private final Clock clock;

    NodeRollout(LocalNode node, NodeDrain drain, Clock clock) {
        this.node = node;
        this.drain = drain;
        this.clock = clock;
    }

    /**
     * Where the rollout gate leaves this reconcile: {@code stop} ends it (waiting for a slot, or paused), else the
     * apply goes on, disruptive when {@code status} is not null (granted and drained).
     */
    record Gate(ReconcileOutcome stop, RolloutStatus status) {
    }

    /** Before the apply: waits for a slot, or, granted, cordons and drains the node. */
    Gate gate(NodeStateSpec spec, List<OffloadPolicy> policies, DesiredNode desired, NodeInventory before,
              RolloutStatus previous, Consumer<RolloutStatus> progress) throws InterruptedException {
        List<Step> drains = node.plan(desired).steps().stream().filter(s -> s.disruption() == Disruption.NODE_DRAIN).toList();
        if (drains.isEmpty()) {
            return new Gate(null, null);
        }
        List<String> disruptive = drains.stream().map(s -> s.action().command()).toList();
        Set<PciAddress> changed = drains.stream().map(s -> s.action().physicalFunction()).flatMap(Optional::stream)
                .collect(Collectors.toSet());
        List<OffloadPolicy> changing = policies.stream().filter(p -> before.nics().stream()
                .filter(pf -> changed.contains(pf.pciAddress())).anyMatch(p.nic()::selects)).toList();
        Map<String, Long> generations = new TreeMap<>();
        spec.policies().forEach(p -> generations.put(p.name(), p.generation()));
        String now = now();
        if (spec.disruption() == null) {
            String requested = previous != null && RolloutPhase.WAITING_FOR_SLOT.is(previous)
                    && generations.equals(previous.generations()) ? previous.requestedAt() : now;
            String message = "the plan removes VFs pods may be using (" + String.join("; ", disruptive)
                    + "): waiting for a slot of the rollout (the operator grants them within spec.rollout.maxUnavailable)";
            RolloutStatus waiting = new RolloutStatus(RolloutPhase.WAITING_FOR_SLOT.label(), requested,
                    requested.equals(now) ? now : previous.since(), generations, message, false);
            return new Gate(NodeReconciler.stopped(ReadyReason.WAITING_FOR_SLOT, message, List.of(), disruptive, NodeReconciler.nics(before),
                    NodeReconciler.vfsConfigured(desired, before)), waiting);
        }
        RolloutSettings settings = RolloutSettings.of(policies, changing.isEmpty() ? policies : changing);
        boolean cordoned = previous != null && Boolean.TRUE.equals(previous.cordoned());
        if (settings.drain() == DrainMode.NONE) {
            return new Gate(null, new RolloutStatus(RolloutPhase.APPLYING.label(), requestedAt(previous, now), now,
                    generations, "granted; drain: none, so the node is changed in place", cordoned));
        }
        // Whether hwoffload cordons the node is recorded before it does, so that an agent killed in between still
        // uncordons it: the next one finds the record, not just an unschedulable node.
        cordoned |= !drain.isUnschedulable();
        // A drain an agent restart interrupted keeps its start, so that its timeout is not renewed. A paused one is
        // tried once more on every reconcile (the cause may be gone) and stays paused until it succeeds.
        boolean wasPaused = RolloutPhase.PAUSED.is(previous);
        String since = previous != null && (RolloutPhase.DRAINING.is(previous) || wasPaused) && previous.since() != null
                ? previous.since() : now;
        RolloutStatus draining = new RolloutStatus(RolloutPhase.DRAINING.label(), requestedAt(previous, now), since,
                generations, "granted: cordoned, evicting " + (settings.drain() == DrainMode.ALL ? "every pod" : "the pods"
                + " holding a VF of " + String.join(", ", settings.vfResources())), cordoned);
        if (!wasPaused) {
            progress.accept(draining);
        }
        drain.cordon();
        NodeDrain.Result drained = drain.drain(settings.drain(), settings.vfResources(),
                wasPaused ? clock.instant() : Instant.parse(since).plus(settings.drainTimeout()));
        if (!drained.drained()) {
            String message = "pods would not leave within " + settings.drainTimeout().toSeconds() + "s: "
                    + drained.describe() + "; the node stays cordoned and nothing else is changed until they can";
            RolloutStatus paused = new RolloutStatus(RolloutPhase.PAUSED.label(), draining.requestedAt(), since,
                    generations, message, cordoned, "DrainTimedOut", previous == null ? null : previous.resumedWith());
            return new Gate(NodeReconciler.stopped(ReadyReason.ROLLOUT_PAUSED, message, List.of(), disruptive, NodeReconciler.nics(before),
                    NodeReconciler.vfsConfigured(desired, before)), paused);
        }
        return new Gate(null, new RolloutStatus(RolloutPhase.APPLYING.label(), draining.requestedAt(), now(),
                generations, "drained; applying", cordoned));
    }

    /**
     * After an apply: a rollout that ran (or one an agent restart interrupted after its drain) uncordons the node if
     * hwoffload cordoned it, then measures offload when a policy asks (Verifying, judged on each coverage sample) or is
     * Done. One Verifying, or paused by its verification, stays as it is, unless resumed by a new value of the
     * resume annotation. Null keeps what is stored.
     */
    RolloutStatus finish(RolloutStatus applied, RolloutStatus previous, RolloutSettings settings, String resume) {
        RolloutStatus active = applied;
        if (active == null) {
            if (previous == null || RolloutPhase.DONE.is(previous) || RolloutPhase.VERIFYING.is(previous)) {
                return null;
            }
            if (RolloutPhase.PAUSED.is(previous) && RolloutVerification.VERIFICATION_FAILED.equals(previous.pausedBecause())) {
                if (resume == null || resume.equals(previous.resumedWith())) {
                    return null;
                }
                return new RolloutStatus(RolloutPhase.DONE.label(), previous.requestedAt(), now(), previous.generations(),
                        "resumed by hand (" + RolloutVerification.RESUME_ANNOTATION + "=" + resume + ")", false, null,
                        resume);
            }
            active = previous;
        }
        if (Boolean.TRUE.equals(active.cordoned())) {
            drain.uncordon();
        }
        boolean disrupted = RolloutPhase.APPLYING.is(active) || RolloutPhase.DRAINING.is(active);
        if (disrupted && settings.verify() != null) {
            return new RolloutStatus(RolloutPhase.VERIFYING.label(), active.requestedAt(), now(), active.generations(),
                    "changed and uncordoned; measuring offload until " + settings.verify().describe(), false, null,
                    active.resumedWith());
        }
        return new RolloutStatus(RolloutPhase.DONE.label(), active.requestedAt(), now(), active.generations(),
                "changed and uncordoned", false, null, active.resumedWith());
    }

    private static String requestedAt(RolloutStatus previous, String now) {
        return previous != null && previous.requestedAt() != null ? previous.requestedAt() : now;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
