package io.hwoffload.operator.agent;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.host.ovs.JsonRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Samples the local ovs-vswitchd's datapath flows and measures offload coverage with the flows analyzer (the same
 * classification as {@code hwoffload flows analyze}). An unreachable ovs-vswitchd gives no sample and one log line
 * when it goes away, not one per interval.
 */
public final class CoverageSampler {
    private static final Logger LOG = LoggerFactory.getLogger(CoverageSampler.class);

    private static final int TOP_REASONS = 3;

    private final FlowDumps source;
    private final Clock clock;
    private final OffloadExplainer explainer = new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty());
    private boolean reachable = true;

    public CoverageSampler(FlowDumps source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A fresh sample, or empty when ovs-vswitchd cannot be asked. */
    public synchronized Optional<CoverageSample> sample() {
        String dump;
        try {
            dump = source.dump();
        } catch (IOException | JsonRpcException e) {
            if (reachable) {
                LOG.warn("offload coverage unknown: cannot dump the datapath flows of {}: {}", source.description(),
                        e.getMessage());
                reachable = false;
            }
            return Optional.empty();
        }
        if (!reachable) {
            LOG.info("offload coverage: {} answers again", source.description());
            reachable = true;
        }
        return Optional.of(analyze(dump));
    }

    private CoverageSample analyze(String dump) {
        // The totals and the reasons' codes are kept: no busiest flows (top 0).
        OffloadAnalyzer analyzer = new OffloadAnalyzer(explainer, OffloadStatus.UNKNOWN, 0);
        int lineNumber = 0;
        for (String line : dump.split("\n", -1)) {
            analyzer.accept(++lineNumber, line);
        }
        OffloadReport report = analyzer.report();
        Map<OffloadStatus, Long> flows = new EnumMap<>(OffloadStatus.class);
        Map<OffloadStatus, Long> packets = new EnumMap<>(OffloadStatus.class);
        for (OffloadStatus status : OffloadStatus.values()) {
            OffloadReport.Totals totals = report.byStatus().get(status.label());
            flows.put(status, totals == null ? 0 : totals.flows());
            packets.put(status, totals == null ? 0 : totals.packets());
        }
        OffloadReport.Summary summary = report.summary();
        List<String> reasons = report.byReason().stream()
                .sorted(Comparator.comparingLong(OffloadReport.ReasonTotals::packets).reversed())
                .limit(TOP_REASONS).map(OffloadReport.ReasonTotals::code).toList();
        return new CoverageSample(summary.flows(), summary.offloadedFlows(), summary.packets(), summary.offloadedPackets(),
                flows, packets, reasons, clock.instant());
    }
}
