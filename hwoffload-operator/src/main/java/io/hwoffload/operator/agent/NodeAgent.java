package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The node agent: watches this node's OffloadNodeState and converges the node to its spec on every spec change and
 * every resync (so drift on the node is repaired), one reconcile at a time, writing the outcome to the status; and
 * samples the offload coverage of the local ovs-vswitchd on its own schedule. A missing OffloadNodeState means
 * nothing to do. Deleting it leaves the node as it is ({@code hwoffload reset} undoes what hwoffload changed).
 */
public final class NodeAgent implements AutoCloseable {
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(60);
    public static final Duration DEFAULT_COVERAGE_INTERVAL = Duration.ofSeconds(30);
    /** How long close() lets a running apply finish; one interrupted mid-step is finished by the next apply. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final NodeReconciler reconciler;
    private final CoverageSampler coverage;
    private final AgentMetrics metrics;
    private final NodeStatusWriter status;
    private final Duration resync;
    private final Duration coverageInterval;
    private final Clock clock;
    private final ReentrantLock reconciling = new ReentrantLock();
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final ExecutorService reconciles = Executors.newSingleThreadExecutor(AgentThreads.named("reconcile"));
    private final ScheduledExecutorService sampling = Executors.newSingleThreadScheduledExecutor(AgentThreads.named("coverage"));
    private final ScheduledExecutorService devices = Executors.newSingleThreadScheduledExecutor(AgentThreads.named("devices"));
    /** The built-in device plugin or the external one's restarter; null when the agent leaves the VFs to others. */
    private final AgentDevicePlugin devicePlugin;
    private final Duration devicePluginInterval;
    /** The device plugin status last written, so that an unchanged one is not written again. */
    private DevicePluginStatus lastDevicePluginStatus;
    private volatile SharedIndexInformer<OffloadNodeStateResource> informer;

    public NodeAgent(KubernetesClient client, String nodeName, NodeReconciler reconciler, CoverageSampler coverage,
                     AgentMetrics metrics, Duration resync, Duration coverageInterval, Clock clock) {
        this(client, nodeName, reconciler, coverage, metrics, resync, coverageInterval, clock, null, null);
    }

    /**
     * @param devicePlugin         how the node's VFs reach the kubelet, told after every reconcile and every
     *                             {@code devicePluginInterval}; null when the agent leaves that to someone else
     */
    public NodeAgent(KubernetesClient client, String nodeName, NodeReconciler reconciler, CoverageSampler coverage,
                     AgentMetrics metrics, Duration resync, Duration coverageInterval, Clock clock,
                     AgentDevicePlugin devicePlugin, Duration devicePluginInterval) {
        this.devicePlugin = devicePlugin;
        this.devicePluginInterval = devicePluginInterval;
        this.client = client;
        this.nodeName = nodeName;
        this.reconciler = reconciler;
        this.coverage = coverage;
        this.metrics = metrics;
        this.status = new NodeStatusWriter(client, nodeName, clock);
        this.resync = resync;
        this.coverageInterval = coverageInterval;
        this.clock = clock;
    }

    /**
     * Starts watching (returns once the OffloadNodeState has been listed; fails when the API server cannot be asked)
     * and sampling coverage. Reconciles run on the agent's own thread.
     */
    public void start() {
        if (informer != null) {
            throw new IllegalStateException("the agent for " + nodeName + " is started already");
        }
        SharedIndexInformer<OffloadNodeStateResource> watch = client.resources(OffloadNodeStateResource.class)
                .withName(nodeName).runnableInformer(resync.toMillis());
        watch.addEventHandler(new Events());
        informer = watch;
        try {
            watch.start().toCompletableFuture().get();
        } catch (ExecutionException e) {
            watch.stop();
            throw new IllegalStateException("cannot watch OffloadNodeState " + nodeName + ": " + e.getCause().getMessage()
                    + "; check the API server address and that the agent's service account may get, list and watch"
                    + " offloadnodestates and update offloadnodestates/status", e.getCause());
        } catch (InterruptedException e) {
            watch.stop();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the watch of OffloadNodeState " + nodeName, e);
        }
        sampling.scheduleWithFixedDelay(() -> logFailure("coverage sample", this::sampleCoverageOnce), 0,
                coverageInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (devicePlugin != null) {
            devices.scheduleWithFixedDelay(() -> logFailure("device plugin refresh", () -> {
                devicePlugin.refresh();
                return writeDevicePluginStatus(lastDevicePluginStatus);
            }), devicePluginInterval.toMillis(), devicePluginInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.info("watching OffloadNodeState {} (resync every {} ms), sampling coverage every {} ms", nodeName,
                resync.toMillis(), coverageInterval.toMillis());
    }

    /** Whether the watch is connected now: the agent's readiness (false while the API server is away). */
    public boolean isWatching() {
        SharedIndexInformer<OffloadNodeStateResource> watch = informer;
        return watch != null && watch.isWatching();
    }

    /**
     * Whether the watch still runs, reconnecting on its own while the API server is away: the agent's liveness. Only
     * a stopped watch is dead; an API server outage makes the agent unready, not something to restart.
     */
    public boolean isAlive() {
        SharedIndexInformer<OffloadNodeStateResource> watch = informer;
        return watch != null && watch.isRunning();
    }

    /**
     * One reconcile now, on the caller's thread, serialized with the loop's: read the OffloadNodeState, converge the
     * node to its spec, write the status. Empty when there is no OffloadNodeState for this node.
     */
    public Optional<NodeStateStatus> reconcileOnce() {
        reconciling.lock();
        try {
            OffloadNodeStateResource state = client.resources(OffloadNodeStateResource.class).withName(nodeName).get();
            if (state == null) {
                LOG.info("no OffloadNodeState {}: nothing to do until the operator creates it", nodeName);
                return Optional.empty();
            }
            long generation = Objects.requireNonNullElse(state.getMetadata().getGeneration(), 0L);
            NodeStateStatus stored = state.getStatus();
            String resume = Optional.ofNullable(state.getMetadata().getAnnotations())
                    .map(a -> a.get(RolloutVerification.RESUME_ANNOTATION)).orElse(null);
            ReconcileOutcome outcome = reconciler.reconcile(state.getSpec(), stored == null ? null : stored.rollout(),
                    resume, rollout -> status.writeRollout(rollout));
            metrics.recordReconcile(outcome, clock.instant());
            if (devicePlugin != null) {
                devicePlugin.reconciled(state.getSpec());
            }
            if (outcome.appliedSteps().isEmpty() && outcome.reason().isReady()) {
                LOG.debug("generation {}: converged, nothing to do", generation);
            } else {
                LOG.info("generation {}: {} ({} changes)", generation, outcome.reason().reason(), outcome.appliedSteps().size());
            }
            Optional<NodeStateStatus> written = status.writeReconcile(generation, outcome);
            if (written.isEmpty()) {
                LOG.info("OffloadNodeState {} was deleted during the reconcile: its status is not written", nodeName);
                return written;
            }
            return writeDevicePluginStatus(written.get().devicePlugin()).or(() -> written);
        } finally {
            reconciling.unlock();
        }
    }

    /**
     * One coverage sample now: into the metrics and status.coverage (absent when ovs-vswitchd cannot be asked), and, while
     * the node verifies a rollout's change, into that verdict.
     */
    public Optional<NodeStateStatus> sampleCoverageOnce() {
        Optional<CoverageSample> sample = coverage.sample();
        metrics.recordCoverage(sample);
        Optional<NodeStateStatus> written = status.writeCoverage(sample.map(CoverageSample::toStatus).orElse(null));
        return written.flatMap(now -> verifyRollout(now, sample)).or(() -> written);
    }

    private Optional<NodeStateStatus> verifyRollout(NodeStateStatus now, Optional<CoverageSample> sample) {
        RolloutStatus rollout = now.rollout();
        if (!RolloutPhase.VERIFYING.is(rollout)) {
            return Optional.empty();
        }
        OffloadNodeStateResource state = client.resources(OffloadNodeStateResource.class).withName(nodeName).get();
        RolloutPolicy.Verify verify;
        try {
            verify = state == null ? null : RolloutSettings.of(NodeReconciler.policies(state.getSpec())).verify();
        } catch (PolicyException e) {
            return Optional.empty();   // the reconcile reports the policies' problems
        }
        RolloutStatus judged = verify == null
                ? new RolloutStatus(RolloutPhase.DONE.label(), rollout.requestedAt(), clock.instant().toString(),
                rollout.generations(), "no policy asks for verification any more", false, null, rollout.resumedWith())
                : RolloutVerification.judge(nodeName, rollout, verify, sample, clock.instant());
        if (judged.equals(rollout)) {
            return Optional.empty();
        }
        LOG.info("rollout: {} ({})", judged.phase(), judged.message());
        return status.writeRollout(judged);
    }

    /**
     * The device plugin's part of the status, written only when it differs from {@code stored}: the refresh runs
     * every few seconds, and a status read per node that often would load the API server for nothing.
     */
    private Optional<NodeStateStatus> writeDevicePluginStatus(DevicePluginStatus stored) {
        if (devicePlugin == null) {
            return Optional.empty();
        }
        synchronized (devicePlugin) {
            DevicePluginStatus now = devicePlugin.status();
            if (now.equals(stored)) {
                lastDevicePluginStatus = now;
                return Optional.empty();
            }
            Optional<NodeStateStatus> written = status.writeDevicePlugin(now);
            lastDevicePluginStatus = written.isPresent() ? now : null;
            return written;
        }
    }

    /** Queues a reconcile unless one is queued already: events during a reconcile fold into one more run. */
    private void requestReconcile(String why) {
        if (!reconcileQueued.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("reconcile: {}", why);
        try {
            reconciles.execute(() -> {
                reconcileQueued.set(false);
                logFailure("reconcile", this::reconcileOnce);
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("not reconciling ({}): the agent is stopping", why);
        }
    }

    /** A loop job that fails (the API server away, say) is logged; the next event, resync or interval retries it. */
    private static void logFailure(String job, Supplier<?> work) {
        try {
            work.get();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", job, e.toString());
        }
    }

    private final class Events implements ResourceEventHandler<OffloadNodeStateResource> {
        @Override
        public void onAdd(OffloadNodeStateResource state) {
            requestReconcile("OffloadNodeState created");
        }

        @Override
        public void onUpdate(OffloadNodeStateResource before, OffloadNodeStateResource after) {
            // A resync (or a relist) hands the same version again; a status write (ours) leaves the generation alone.
            if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
                requestReconcile("resync");
            } else if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())) {
                requestReconcile("spec changed");
            } else if (!Objects.equals(before.getMetadata().getAnnotations(), after.getMetadata().getAnnotations())) {
                requestReconcile("annotations changed (" + RolloutVerification.RESUME_ANNOTATION + " resumes a rollout)");
            }
        }

        @Override
        public void onDelete(OffloadNodeStateResource state, boolean deletedFinalStateUnknown) {
            LOG.info("OffloadNodeState {} deleted: the node keeps its configuration (hwoffload reset undoes it)", nodeName);
        }
    }

    @Override
    public void close() {
        SharedIndexInformer<OffloadNodeStateResource> watch = informer;
        if (watch != null) {
            watch.stop();
        }
        sampling.shutdownNow();
        devices.shutdownNow();
        reconciles.shutdown();
        try {
            if (!reconciles.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the reconcile did not finish within {}s: interrupting it", STOP_GRACE.toSeconds());
                reconciles.shutdownNow();
                reconciles.awaitTermination(5, TimeUnit.SECONDS);
            }
            sampling.awaitTermination(5, TimeUnit.SECONDS);
            devices.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            reconciles.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
