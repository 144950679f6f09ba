package io.hwoffload.flows.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
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
        List<ParseError> errors,
        Input input) {

    /**
     * What the text as a whole was, for telling a dump with no flow from input that is not a dump.
     *
     * @param lines            lines read, blank ones included
     * @param looksLike        what the unreadable lines are when they are a known mix-up (OpenFlow flows, an
     *                         ovs-appctl error), else null
     * @param firstUnreadable  the first line that could not be read, cut to 120 characters, or null
     */
    public record Input(long lines, String looksLike, String firstUnreadable) {

        /** Not a dump: no flow, and only lines that could not be read (or none at all). */
        public boolean isNotADump(long flows) {
            return flows == 0 && (firstUnreadable != null || lines == 0);
        }
    }

    /**
     * @param packetRatio offloaded packets over all packets (TC byte counters exclude the L2 header, so bytes
     *                    would understate offload); JSON has it as {@code offloadRatio}, null when unknown, and
     *                    {@code offloadRatioUnknown} saying why
     * @param flowRatio   offloaded flows over all flows; JSON {@code flowOffloadRatio}
     */
    public record Summary(long flows, long offloadedFlows, long packets, long offloadedPackets,
                          long bytes, long offloadedBytes, long parseErrors,
                          @JsonIgnore OffloadRatio packetRatio, @JsonIgnore OffloadRatio flowRatio) {

        @JsonProperty("offloadRatio")
        public Double offloadRatio() {
            return packetRatio.value();
        }

        @JsonProperty("offloadRatioUnknown")
        public String offloadRatioUnknown() {
            return packetRatio.isKnown() ? null : packetRatio.unknown().explanation();
        }

        @JsonProperty("flowOffloadRatio")
        public Double flowOffloadRatio() {
            return flowRatio.value();
        }
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
