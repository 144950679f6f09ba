package io.hwoffload.operator.agent;

import io.hwoffload.flows.offload.OffloadStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's Prometheus metrics, every series tagged {@code node}: offload coverage of the datapath flows, the VFs
 * configured, and how applies go. A value nobody knows (no coverage sample, no packets, policies that do not
 * resolve) is NaN rather than a made-up zero.
 */
public final class AgentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<ReadyReason, Counter> errors = new EnumMap<>(ReadyReason.class);
    private final Counter changes;
    private volatile CoverageSample coverage;
    private volatile Integer vfsConfigured;
    private volatile Instant lastApply;

    public AgentMetrics(String nodeName) {
        registry.config().commonTags("node", nodeName);
        Gauge.builder("hwoffload.offload.ratio", this, m -> m.coverage().flatMap(CoverageSample::offloadRatio).orElse(Double.NaN))
                .description("Offloaded packets over all packets of the datapath flows (TC byte counters exclude L2"
                        + " headers, so packets are used); NaN without a sample or without packets")
                .register(registry);
        for (OffloadStatus status : OffloadStatus.values()) {
            Gauge.builder("hwoffload.flows", this, m -> m.coverage().map(c -> (double) c.flowsByStatus().get(status)).orElse(Double.NaN))
                    .tag("status", status.label())
                    .description("Datapath flows by offload status in the last sample")
                    .register(registry);
            Gauge.builder("hwoffload.packets", this, m -> m.coverage().map(c -> (double) c.packetsByStatus().get(status)).orElse(Double.NaN))
                    .tag("status", status.label())
                    .description("Packets counted by the datapath flows of the last sample, by offload status")
                    .register(registry);
        }
        Gauge.builder("hwoffload.vfs.configured", this, m -> m.vfsConfigured == null ? Double.NaN : m.vfsConfigured)
                .description("VFs on the PFs the node's policies select")
                .register(registry);
        Gauge.builder("hwoffload.last.apply.timestamp", this, m -> m.lastApply == null ? Double.NaN
                        : m.lastApply.toEpochMilli() / 1000.0)
                .baseUnit("seconds")
                .description("When the node last converged to its policies (Unix time)")
                .register(registry);
        for (ReadyReason reason : ReadyReason.values()) {
            if (!reason.isReady()) {
                errors.put(reason, Counter.builder("hwoffload.apply.errors").tag("reason", reason.reason())
                        .description("Reconciles that ended with the node not ready, by reason").register(registry));
            }
        }
        changes = Counter.builder("hwoffload.apply.changes")
                .description("Steps applied to the node").register(registry);
    }

    /** One reconcile: its steps, its error or the time it converged, and the VFs it left. */
    public void recordReconcile(ReconcileOutcome outcome, Instant at) {
        changes.increment(outcome.appliedSteps().size());
        vfsConfigured = outcome.vfsConfigured();
        if (outcome.reason().isReady()) {
            lastApply = at;
        } else {
            errors.get(outcome.reason()).increment();
        }
    }

    /** The latest coverage; empty when ovs-vswitchd could not be sampled. */
    public void recordCoverage(Optional<CoverageSample> sample) {
        coverage = sample.orElse(null);
    }

    /** Where other parts of the agent (the device plugin) add their series, tagged with the node too. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private Optional<CoverageSample> coverage() {
        return Optional.ofNullable(coverage);
    }
}
