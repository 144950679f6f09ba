package io.hwoffload.operator.agent;

import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.ResourcePool;
import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.core.policy.RolloutPolicy.DrainMode;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One node's drain, from all its policies: the widest drain any asks for (all, then vfPods, then none), the shortest
 * drain timeout, the VF resources of the pools on the PFs being changed (a pod requesting one holds a VF the change
 * removes), and the
 * strictest verification (highest ratio and packets, longest window, pause if any pauses); null when none asks.
 */
record RolloutSettings(DrainMode drain, Duration drainTimeout, Set<String> vfResources, RolloutPolicy.Verify verify) {

    static RolloutSettings of(List<OffloadPolicy> policies) {
        return of(policies, policies);
    }

    /** {@code changing}: the policies whose PFs the change removes VFs of; only their pods are VF pods to move. */
    static RolloutSettings of(List<OffloadPolicy> policies, List<OffloadPolicy> changing) {
        DrainMode drain = DrainMode.NONE;
        Duration timeout = null;
        SortedSet<String> resources = new TreeSet<>();
        RolloutPolicy.Verify verify = null;
        for (OffloadPolicy policy : policies) {
            RolloutPolicy rollout = policy.rollout();
            verify = stricter(verify, rollout.verify());
            if (rollout.drain() == DrainMode.ALL || (rollout.drain() == DrainMode.VF_PODS && drain == DrainMode.NONE)) {
                drain = rollout.drain();
            }
            timeout = timeout == null || rollout.drainTimeout().compareTo(timeout) < 0 ? rollout.drainTimeout() : timeout;
        }
        for (OffloadPolicy policy : changing) {
            for (ResourcePool pool : policy.resourcePools()) {
                resources.add(pool.resourcePrefix() + "/" + pool.resourceName());
            }
        }
        return new RolloutSettings(drain, timeout == null ? RolloutPolicy.DEFAULT.drainTimeout() : timeout,
                Collections.unmodifiableSortedSet(resources), verify);
    }

    private static RolloutPolicy.Verify stricter(RolloutPolicy.Verify a, RolloutPolicy.Verify b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return new RolloutPolicy.Verify(Math.max(a.minOffloadRatio(), b.minOffloadRatio()),
                Math.max(a.minPackets(), b.minPackets()), a.window().compareTo(b.window()) >= 0 ? a.window() : b.window(),
                a.pauseOnFailure() || b.pauseOnFailure());
    }
}
