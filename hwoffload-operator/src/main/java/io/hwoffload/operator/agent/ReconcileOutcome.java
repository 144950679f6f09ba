package io.hwoffload.operator.agent;

import io.hwoffload.operator.crd.NodeStateStatus.NicStatus;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;

import java.util.List;

/**
 * What one reconcile found and did, before it becomes the OffloadNodeState status and the metrics.
 *
 * @param message       the Ready condition's message: what holds, or what failed and the fix
 * @param appliedSteps  the commands of the steps this apply ran, in order
 * @param pendingSteps  steps that wait for a person or for --allow-disruption, and settings that wait for an
 *                      ovs-vswitchd restart
 * @param lastError     the failure with its fix; null when the node converged
 * @param nics          every PF the node has, after the apply; null when discovery failed
 * @param vfsConfigured VFs on the PFs the policies select; null when the policies could not be resolved
 * @param rollout       the node's part in its policies' rollout now; null leaves the stored one as it is
 */
public record ReconcileOutcome(ReadyReason reason, String message, List<String> appliedSteps, List<String> pendingSteps,
                               String lastError, List<NicStatus> nics, Integer vfsConfigured, RolloutStatus rollout) {

    public ReconcileOutcome {
        appliedSteps = List.copyOf(appliedSteps);
        pendingSteps = List.copyOf(pendingSteps);
        nics = nics == null ? null : List.copyOf(nics);
    }

    /** Without a rollout part. */
    public ReconcileOutcome(ReadyReason reason, String message, List<String> appliedSteps, List<String> pendingSteps,
                            String lastError, List<NicStatus> nics, Integer vfsConfigured) {
        this(reason, message, appliedSteps, pendingSteps, lastError, nics, vfsConfigured, null);
    }

    public ReconcileOutcome withRollout(RolloutStatus now) {
        return new ReconcileOutcome(reason, message, appliedSteps, pendingSteps, lastError, nics, vfsConfigured, now);
    }
}
