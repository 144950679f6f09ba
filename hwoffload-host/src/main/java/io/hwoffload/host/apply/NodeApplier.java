package io.hwoffload.host.apply;

import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.NodeChanges;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.core.plan.Step;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs a plan on a node, closed-loop: look, plan, run the first step, check its postcondition on a fresh look,
 * and again until the plan is empty. Re-planning after every step is what makes apply resumable: whatever a
 * crash leaves, the next apply plans from what is there. The ownership record is written before each step.
 */
public final class NodeApplier {
    private static final Duration POLL = Duration.ofMillis(100);

    private final NodeObserver observer;
    private final NodeChanges changes;
    private final OwnershipStore ownership;
    private final Duration settleTimeout;
    private final Planner planner = new Planner();

    /** {@code settleTimeout}: how long a step's effect may take to show (new VFs appear asynchronously). */
    public NodeApplier(NodeObserver observer, NodeChanges changes, OwnershipStore ownership, Duration settleTimeout) {
        this.observer = observer;
        this.changes = changes;
        this.ownership = ownership;
        this.settleTimeout = settleTimeout;
    }

    /**
     * Converges the node to {@code desired}. Refuses when a plan removes or rebinds VFs that pods may use (those
     * hwoffload did not create) and {@code allowDisruption} is false; stops at a manual step with its commands.
     * Holds the state directory's lock throughout, so two applies never interleave their records.
     */
    public ApplyResult apply(DesiredNode desired, boolean allowDisruption, ApplyListener listener) {
        try (OwnershipStore.Lock lock = ownership.lock()) {
            return converge(desired, allowDisruption, listener);
        }
    }

    private ApplyResult converge(DesiredNode desired, boolean allowDisruption, ApplyListener listener) {
        List<Step> applied = new ArrayList<>();
        Set<Disruption> pending = EnumSet.noneOf(Disruption.class);
        try {
            OwnershipRecord record = ownership.load();
            int limit = -1;
            while (true) {
                ObservedNode now = observer.observe();
                Plan plan = planner.plan(desired, now, record);
                if (plan.isConverged()) {
                    return new ApplyResult(applied, pending);
                }
                if (limit < 0) {
                    limit = 2 * plan.steps().size() + 8;   // re-plans may add a step or two, never double the work
                }
                refuseDrainUnlessAllowed(plan, allowDisruption);
                if (applied.size() >= limit) {
                    throw new IllegalStateException("the node does not converge: after " + applied.size() + " steps the"
                            + " plan still has " + plan.steps().size() + ", next '" + plan.steps().get(0).action().command()
                            + "'; something else is changing this NIC");
                }
                Step step = plan.steps().get(0);
                int number = applied.size() + 1;
                int total = applied.size() + plan.steps().size();
                String command = step.action().command();
                if (step.action().isManual()) {
                    throw ApplyException.atManualStep("step " + number + " must be done by hand (" + step.why() + "):\n  "
                            + command + "\nthen run apply again", applied.size(), step);
                }
                now = awaitPrecondition(step, number, now);
                OwnershipRecord claimed = record.claim(step.action(), now);
                if (!claimed.equals(record)) {
                    ownership.save(claimed);
                    record = claimed;
                }
                listener.starting(number, total, step);
                try {
                    step.action().applyTo(changes);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("step " + number + " '" + command + "' failed: " + e.getMessage(), e);
                }
                awaitPostcondition(step, number);
                applied.add(step);
                if (step.disruption() == Disruption.VSWITCHD_RESTART) {
                    pending.add(step.disruption());   // a drain was approved by now; a restart is left to a person
                }
                listener.done(number, total, step);
            }
        } catch (ApplyException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever stops it (a step, discovery, OVSDB, the record), the caller learns how many steps ran.
            throw new ApplyException(e.getMessage(), applied.size(), e.getCause() != null ? e.getCause() : e);
        }
    }

    private void refuseDrainUnlessAllowed(Plan plan, boolean allowDisruption) {
        if (allowDisruption) {
            return;
        }
        List<Step> drains = plan.steps().stream().filter(s -> s.disruption() == Disruption.NODE_DRAIN).toList();
        if (!drains.isEmpty()) {
            throw new IllegalStateException("the plan removes or rebinds VFs that exist now, which pods may be using:\n  "
                    + drains.stream().map(s -> s.action().command()).collect(Collectors.joining("\n  "))
                    + "\n" + Disruption.NODE_DRAIN.advice() + ", then run it again with --allow-disruption");
        }
    }

    /** Waits for a step's precondition (a netdev re-registering after a mode change takes a moment). */
    private ObservedNode awaitPrecondition(Step step, int number, ObservedNode now) {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        Optional<String> blocker = step.action().blocker(now);
        while (blocker.isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("step " + number + " '" + step.action().command() + "' cannot run: "
                        + blocker.get());
            }
            pause();
            now = observer.observe();
            blocker = step.action().blocker(now);
        }
        return now;
    }

    private void awaitPostcondition(Step step, int number) {
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        while (!step.action().isDone(observer.observe())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("step " + number + " '" + step.action().command() + "' ran but did not"
                        + " take effect within " + settleTimeout.toSeconds() + "s; run discover to see the NIC's state");
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a step");
        }
    }
}
