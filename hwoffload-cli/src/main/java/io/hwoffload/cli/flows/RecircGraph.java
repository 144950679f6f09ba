package io.hwoffload.cli.flows;

import io.hwoffload.flows.offload.OffloadStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The datapath flows the report draws and the recirculations between them: an edge from each flow
 * whose actions hold {@code recirc(0xN)} to each drawn flow matching {@code recirc_id(0xN)}.
 *
 * @param nodes          the drawn flows, by line
 * @param limit          the cap: at most this many busiest flows, and as many linked to them
 * @param linkedDrawn    how many of the nodes are there for their link to a busiest flow
 * @param linkedLeftOut  flows linked to the busiest ones that the cap left out
 * @param flowsLeftOut   flows of the dump not drawn
 */
record RecircGraph(List<Node> nodes, List<Edge> edges, int limit, int linkedDrawn, long linkedLeftOut, long flowsLeftOut) {

    /**
     * One drawn flow.
     *
     * @param text     the flow's line as dumped
     * @param inPort   its {@code in_port} as printed, or null
     * @param targets  the distinct recirculation ids its actions recirculate to
     */
    record Node(int line, String text, String inPort, long packets, OffloadStatus status, long recircId,
                List<Long> targets) implements BusiestFlows.Busy {
        Node {
            targets = List.copyOf(new LinkedHashSet<>(targets));
        }
    }

    /** A recirculation from the flow on line {@code from} to the flow on line {@code to}. */
    record Edge(int from, int to, long recircId) {
    }

    /** The graph of these flows, with one edge per recirculation between two of them. */
    static RecircGraph of(List<Node> nodes, int limit, int linkedDrawn, long linkedLeftOut, long flowsLeftOut) {
        List<Node> byLine = new ArrayList<>(nodes);
        byLine.sort(Comparator.comparingInt(Node::line));
        Map<Long, List<Node>> byRecircId = new HashMap<>();
        for (Node node : byLine) {
            if (node.recircId() != 0) {
                byRecircId.computeIfAbsent(node.recircId(), id -> new ArrayList<>()).add(node);
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (Node from : byLine) {
            for (long target : from.targets()) {
                for (Node to : byRecircId.getOrDefault(target, List.of())) {
                    edges.add(new Edge(from.line(), to.line(), target));
                }
            }
        }
        return new RecircGraph(List.copyOf(byLine), List.copyOf(edges), limit, linkedDrawn, linkedLeftOut, flowsLeftOut);
    }
}
