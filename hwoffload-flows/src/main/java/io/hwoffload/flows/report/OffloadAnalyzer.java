package io.hwoffload.flows.report;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import io.hwoffload.flows.syntax.FlowActions;
import io.hwoffload.flows.syntax.ForeignInput;
import io.hwoffload.flows.syntax.ParseError;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Analyzes a dump line by line in bounded memory: each line is parsed, classified and folded into
 * running totals, and the caller may stream the per-flow verdicts out as they come. Not
 * thread-safe: one analyzer per dump.
 */
public final class OffloadAnalyzer {
    /** Errors kept for the report; more are counted, not kept. */
    public static final int MAX_ERRORS = 1000;
    private static final int MAX_CHAINS = 50;
    private static final int MAX_QUOTED = 120;

    private final DatapathFlowParser parser = new DatapathFlowParser();
    private final OffloadExplainer explainer;
    private final OffloadStatus assumedStatus;
    private final int topN;

    private long flows;
    private long offloadedFlows;
    private long packets;
    private long offloadedPackets;
    private long bytes;
    private long offloadedBytes;
    private long parseErrors;
    private final Map<OffloadStatus, long[]> byStatus = new EnumMap<>(OffloadStatus.class);
    private final Map<String, long[]> byInPort = new HashMap<>();
    private final Map<String, long[]> byOutPort = new HashMap<>();
    private final Map<String, ReasonCount> byReason = new LinkedHashMap<>();
    private final PriorityQueue<FlowVerdict> top =
            new PriorityQueue<>(Comparator.comparingLong((FlowVerdict v) -> v.flow().packets()).thenComparing(v -> -v.flow().line()));
    private final List<RecircNode> recircNodes = new ArrayList<>();
    private final List<ParseError> errors = new ArrayList<>();
    private long lines;
    private String looksLike;
    private String firstUnreadable;

    /**
     * @param assumedStatus status of flows in a dump without {@code -m} fields (the {@code type=}
     *                      filter it was taken with), {@link OffloadStatus#UNKNOWN} if none
     * @param topN          how many of the busiest not-offloaded flows the report keeps
     */
    public OffloadAnalyzer(OffloadExplainer explainer, OffloadStatus assumedStatus, int topN) {
        this.explainer = explainer;
        this.assumedStatus = assumedStatus;
        this.topN = topN;
    }

    /** Folds one line in; returns its verdict when it is a flow, null for headers, blanks and errors. */
    public FlowVerdict accept(int lineNumber, String text) {
        lines++;
        DumpLine line = parser.parse(lineNumber, text);
        if (line instanceof DumpLine.Flow flowLine) {
            return add(flowLine.flow());
        }
        if (line instanceof DumpLine.Error error) {
            parseErrors++;
            if (errors.size() < MAX_ERRORS) {
                errors.add(error.error());
                if (looksLike == null) {
                    looksLike = ForeignInput.recognize(text).orElse(null);
                }
            }
            if (firstUnreadable == null) {
                firstUnreadable = text.length() <= MAX_QUOTED ? text : text.substring(0, MAX_QUOTED - 3) + "...";
            }
        }
        return null;
    }

    private FlowVerdict add(DatapathFlow flow) {
        OffloadStatus status = OffloadStatus.of(flow, assumedStatus);
        List<Reason> reasons = explainer.explain(flow, status);
        long flowOffloadedPackets = 0;
        long flowOffloadedBytes = 0;
        if (status.isOffloaded()) {
            long vendorPackets = flow.vendorCounter("offload_packets");
            long vendorBytes = flow.vendorCounter("offload_bytes");
            flowOffloadedPackets = vendorPackets >= 0 ? vendorPackets : flow.packets();
            flowOffloadedBytes = vendorBytes >= 0 ? vendorBytes : flow.bytes();
        }
        FlowVerdict verdict = new FlowVerdict(flow, status, reasons, flowOffloadedPackets, flowOffloadedBytes);

        flows++;
        packets += flow.packets();
        bytes += flow.bytes();
        offloadedPackets += flowOffloadedPackets;
        offloadedBytes += flowOffloadedBytes;
        if (status.isOffloaded()) {
            offloadedFlows++;
        }
        long[] statusTotals = byStatus.computeIfAbsent(status, s -> new long[3]);
        statusTotals[0]++;
        statusTotals[1] += flow.packets();
        statusTotals[2] += flow.bytes();

        String inPort = flow.keyValue("in_port");
        if (inPort != null) {
            addPort(byInPort, inPort, verdict);
        }
        for (String outPort : FlowActions.outputPorts(flow.actionsText())) {
            addPort(byOutPort, outPort, verdict);
        }
        for (Reason reason : reasons) {
            ReasonCount count = byReason.computeIfAbsent(reason.code(), code -> new ReasonCount(reason));
            count.flows++;
            count.packets += flow.packets();
        }
        if (!status.isOffloaded() && topN > 0) {
            top.add(verdict);
            if (top.size() > topN) {
                top.poll();
            }
        }
        long recircId = FlowActions.recircId(flow);
        List<Long> targets = FlowActions.recircTargets(flow.actionsText());
        if (recircId != 0 || !targets.isEmpty()) {
            long[] targetIds = targets.stream().mapToLong(Long::longValue).toArray();
            recircNodes.add(new RecircNode(flow.line(), recircId, targetIds, flow.packets(), status));
        }
        return verdict;
    }

    private static void addPort(Map<String, long[]> totals, String port, FlowVerdict verdict) {
        long[] t = totals.computeIfAbsent(port, p -> new long[3]);
        t[0]++;
        t[1] += verdict.flow().packets();
        t[2] += verdict.offloadedPackets();
    }

    public OffloadReport report() {
        long[] unknown = byStatus.getOrDefault(OffloadStatus.UNKNOWN, new long[3]);
        OffloadReport.Summary summary = new OffloadReport.Summary(flows, offloadedFlows, packets, offloadedPackets,
                bytes, offloadedBytes, parseErrors, OffloadRatio.of(offloadedPackets, packets, unknown[1]),
                OffloadRatio.of(offloadedFlows, flows, unknown[0]));
        Map<String, OffloadReport.Totals> statuses = new LinkedHashMap<>();
        byStatus.forEach((status, t) -> statuses.put(status.label(), new OffloadReport.Totals(t[0], t[1], t[2])));
        List<OffloadReport.ReasonTotals> reasons = byReason.values().stream()
                .map(c -> new OffloadReport.ReasonTotals(c.reason.code(), c.reason.message(), c.reason.remedy(), c.flows, c.packets))
                .sorted(Comparator.comparingLong(OffloadReport.ReasonTotals::packets).reversed()
                        .thenComparing(OffloadReport.ReasonTotals::code))
                .toList();
        List<FlowVerdict> busiest = new ArrayList<>(top);
        busiest.sort(top.comparator().reversed());
        return new OffloadReport(summary, statuses, portTotals(byInPort), portTotals(byOutPort), reasons, busiest,
                recircChains(), List.copyOf(errors), new OffloadReport.Input(lines, looksLike, firstUnreadable));
    }

    private static List<OffloadReport.PortTotals> portTotals(Map<String, long[]> totals) {
        return totals.entrySet().stream()
                .map(e -> new OffloadReport.PortTotals(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
                .sorted(Comparator.comparingLong(OffloadReport.PortTotals::packets).reversed()
                        .thenComparing(OffloadReport.PortTotals::port))
                .toList();
    }

    private List<OffloadReport.RecircChain> recircChains() {
        Map<Long, List<RecircNode>> byRecircId = new HashMap<>();
        for (RecircNode node : recircNodes) {
            if (node.recircId != 0) {
                byRecircId.computeIfAbsent(node.recircId, id -> new ArrayList<>()).add(node);
            }
        }
        // Only the busiest roots' chains are reported: walking every root's would hold a chain per
        // recirc_id(0) flow at once, hundreds of thousands in a large dump.
        List<RecircNode> roots = recircNodes.stream()
                .filter(node -> node.recircId == 0)
                .sorted(Comparator.comparingLong(RecircNode::packets).reversed().thenComparingInt(RecircNode::line))
                .limit(MAX_CHAINS)
                .toList();
        List<OffloadReport.RecircChain> chains = new ArrayList<>();
        for (RecircNode root : roots) {
            List<Integer> lines = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            Map<String, Long> statuses = new LinkedHashMap<>();
            Set<Long> visited = new HashSet<>();
            ArrayDeque<RecircNode> queue = new ArrayDeque<>();
            queue.add(root);
            while (!queue.isEmpty()) {
                RecircNode node = queue.poll();
                lines.add(node.line);
                statuses.merge(node.status.label(), 1L, Long::sum);
                for (long target : node.targets) {
                    if (visited.add(target)) {
                        ids.add("0x" + Long.toHexString(target));
                        queue.addAll(byRecircId.getOrDefault(target, List.of()));
                    }
                }
            }
            chains.add(new OffloadReport.RecircChain(root.line, lines, ids, root.packets, statuses));
        }
        return chains;
    }

    /** Compact on purpose: a dump of a million flows may keep one per flow. */
    private record RecircNode(int line, long recircId, long[] targets, long packets, OffloadStatus status) {
    }

    private static final class ReasonCount {
        final Reason reason;
        long flows;
        long packets;

        ReasonCount(Reason reason) {
            this.reason = reason;
        }
    }
}
