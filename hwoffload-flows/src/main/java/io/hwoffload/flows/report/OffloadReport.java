package io.hwoffload.flows.report;

import io.hwoffload.flows.syntax.ParseError;

import java.util.List;
import java.util.Map;

/**
 * Totals and groupings over a whole dump. Lists are bounded (top N, capped errors) so that a
 * report over millions of flows stays small.
 */
public record OffloadReport(
        Summary summary,
        Map<String, Totals> byStatus,
        List<PortTotals> byInPort,
        List<PortTotals> byOutPort,
        List<ReasonTotals> byReason,
        List<FlowVerdict> topNotOffloaded,
        List<RecircChain> recircChains,
        List<ParseError> errors) {

    /**
     * @param offloadRatio offloaded packets over all packets (TC byte counters exclude the L2
     *                     header, so bytes would understate offload); 0 when there is no traffic
     */
    public record Summary(long flows, long offloadedFlows, long packets, long offloadedPackets,
                          long bytes, long offloadedBytes, long parseErrors, double offloadRatio,
                          double flowOffloadRatio) {
    }

    public record Totals(long flows, long packets, long bytes) {
    }

    public record PortTotals(String port, long flows, long packets, long offloadedPackets) {
    }

    public record ReasonTotals(String code, String message, String remedy, long flows, long packets) {
    }

    /**
     * Flows linked by recirculation, from a {@code recirc_id(0)} flow through every flow whose
     * {@code recirc_id} is the target of a {@code recirc(...)} action in the chain.
     *
     * @param lines    line numbers, root first, breadth first
     * @param statuses flows per status within the chain
     */
    public record RecircChain(int rootLine, List<Integer> lines, List<String> recircIds,
                              long rootPackets, Map<String, Long> statuses) {
    }
}
