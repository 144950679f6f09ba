package io.hwoffload.cli.flows;

import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import io.hwoffload.flows.syntax.FlowActions;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The second read of the report's recirculation graph: keeps, with their text, the flows the first
 * read selected and the busiest of the flows linked to them by recirculation, up to the same
 * number; memory stays bounded by what is drawn.
 */
final class RecircGraphCollector {
    private final DatapathFlowParser parser = new DatapathFlowParser();
    private final BusiestFlows.Selection selection;
    private final int limit;
    private final OffloadStatus assumedStatus;
    private final List<RecircGraph.Node> selected = new ArrayList<>();
    private final PriorityQueue<RecircGraph.Node> linked = new PriorityQueue<>(BusiestFlows.LEAST_BUSY_FIRST);
    private long linkedSeen;
    private long flows;
    private boolean sameAsFirstRead = true;

    /**
     * @param limit         how many linked flows to keep at most (the busiest)
     * @param assumedStatus as for the analysis: the status of flows without {@code -m} fields
     */
    RecircGraphCollector(BusiestFlows.Selection selection, int limit, OffloadStatus assumedStatus) {
        this.selection = selection;
        this.limit = limit;
        this.assumedStatus = assumedStatus;
    }

    void accept(int lineNumber, String text) {
        if (!(parser.parse(lineNumber, text) instanceof DumpLine.Flow flowLine)) {
            return;
        }
        DatapathFlow flow = flowLine.flow();
        flows++;
        Long selectedPackets = selection.packetsByLine().get(lineNumber);
        if (selectedPackets != null) {
            sameAsFirstRead &= selectedPackets == flow.packets();
            selected.add(node(flow, text));
            return;
        }
        List<Long> targets = FlowActions.recircTargets(flow.actionsText());
        if (!selection.linksTo(FlowActions.recircId(flow), targets)) {
            return;
        }
        linkedSeen++;
        RecircGraph.Node least = linked.peek();
        if (linked.size() == limit && flow.packets() <= least.packets()) {
            return;
        }
        linked.add(node(flow, text));
        if (linked.size() > limit) {
            linked.poll();
        }
    }

    /**
     * Whether this read found the flows the first one selected, unchanged: a dump file rewritten
     * between the two reads would otherwise give a graph that does not match the totals.
     */
    boolean sameAsFirstRead() {
        return sameAsFirstRead && selected.size() == selection.packetsByLine().size();
    }

    RecircGraph graph() {
        List<RecircGraph.Node> nodes = new ArrayList<>(selected);
        nodes.addAll(linked);
        return RecircGraph.of(nodes, limit, linked.size(), linkedSeen - linked.size(), flows - nodes.size());
    }

    private RecircGraph.Node node(DatapathFlow flow, String text) {
        return new RecircGraph.Node(flow.line(), text.strip(), flow.keyValue("in_port"), flow.packets(),
                OffloadStatus.of(flow, assumedStatus), FlowActions.recircId(flow),
                FlowActions.recircTargets(flow.actionsText()));
    }
}
