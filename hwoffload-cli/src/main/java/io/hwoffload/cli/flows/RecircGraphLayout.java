package io.hwoffload.cli.flows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where each flow of a {@link RecircGraph} goes: one column per recirculation depth (column 0 the
 * {@code recirc_id(0)} flows, column N the flows N recirculations after them), rows within a column
 * ordered after the rows of their parents so that most edges run straight.
 *
 * @param columns the number of columns, empty ones included
 */
record RecircGraphLayout(List<Placed> nodes, Map<Integer, Placed> byLine, int columns, int width, int height) {
    static final int NODE_WIDTH = 260;
    static final int NODE_HEIGHT = 38;
    static final int COLUMN_GAP = 90;
    static final int ROW_GAP = 12;
    static final int MARGIN = 16;
    /** Room above the first row for the column headings. */
    static final int HEADING_HEIGHT = 24;

    /** A flow, its column and row, and the top-left corner of its box. */
    record Placed(RecircGraph.Node node, int column, int row, int x, int y) {
    }

    static RecircGraphLayout of(RecircGraph graph) {
        Map<Integer, Integer> depths = depths(graph);
        Map<Integer, List<Integer>> parents = new HashMap<>();
        for (RecircGraph.Edge edge : graph.edges()) {
            parents.computeIfAbsent(edge.to(), line -> new ArrayList<>()).add(edge.from());
        }
        TreeMap<Integer, List<RecircGraph.Node>> columns = new TreeMap<>();
        for (RecircGraph.Node node : graph.nodes()) {
            columns.computeIfAbsent(depths.get(node.line()), depth -> new ArrayList<>()).add(node);
        }
        Map<Integer, Placed> byLine = new HashMap<>();
        List<Placed> placed = new ArrayList<>();
        int rows = 0;
        for (Map.Entry<Integer, List<RecircGraph.Node>> column : columns.entrySet()) {
            List<RecircGraph.Node> ordered = new ArrayList<>(column.getValue());
            ordered.sort(Comparator.comparingDouble((RecircGraph.Node node) -> parentRow(node, parents, byLine))
                    .thenComparing(Comparator.comparingLong(RecircGraph.Node::packets).reversed())
                    .thenComparingInt(RecircGraph.Node::line));
            for (int row = 0; row < ordered.size(); row++) {
                Placed node = new Placed(ordered.get(row), column.getKey(), row,
                        MARGIN + column.getKey() * (NODE_WIDTH + COLUMN_GAP),
                        MARGIN + HEADING_HEIGHT + row * (NODE_HEIGHT + ROW_GAP));
                byLine.put(node.node().line(), node);
                placed.add(node);
            }
            rows = Math.max(rows, ordered.size());
        }
        int columnCount = columns.isEmpty() ? 0 : columns.lastKey() + 1;
        int width = 2 * MARGIN + Math.max(1, columnCount) * (NODE_WIDTH + COLUMN_GAP) - COLUMN_GAP;
        int height = 2 * MARGIN + HEADING_HEIGHT + Math.max(1, rows) * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
        return new RecircGraphLayout(List.copyOf(placed), Map.copyOf(byLine), columnCount, width, height);
    }

    /**
     * Recirculation depth of each flow: breadth first from the flows no drawn flow leads to, which
     * start at 0 if they are {@code recirc_id(0)} flows and at 1 otherwise (their parent was left
     * out, or is not in the dump). Flows only reachable around a cycle start the same way.
     */
    private static Map<Integer, Integer> depths(RecircGraph graph) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        Map<Integer, Integer> parentCount = new HashMap<>();
        for (RecircGraph.Edge edge : graph.edges()) {
            if (edge.from() != edge.to()) {
                children.computeIfAbsent(edge.from(), line -> new ArrayList<>()).add(edge.to());
                parentCount.merge(edge.to(), 1, Integer::sum);
            }
        }
        Map<Integer, Integer> depths = new HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // roots at depth 0 before those at 1, so that breadth first finds the shortest depth
        for (int start = 0; start <= 1; start++) {
            for (RecircGraph.Node node : graph.nodes()) {
                if (!parentCount.containsKey(node.line()) && startDepth(node) == start) {
                    depths.put(node.line(), start);
                    queue.add(node.line());
                }
            }
        }
        walk(queue, depths, children);
        for (RecircGraph.Node node : graph.nodes()) {
            if (!depths.containsKey(node.line())) {
                depths.put(node.line(), startDepth(node));
                queue.add(node.line());
                walk(queue, depths, children);
            }
        }
        return depths;
    }

    private static int startDepth(RecircGraph.Node node) {
        return node.recircId() == 0 ? 0 : 1;
    }

    private static void walk(ArrayDeque<Integer> queue, Map<Integer, Integer> depths, Map<Integer, List<Integer>> children) {
        while (!queue.isEmpty()) {
            int line = queue.poll();
            for (int child : children.getOrDefault(line, List.of())) {
                if (!depths.containsKey(child)) {
                    depths.put(child, depths.get(line) + 1);
                    queue.add(child);
                }
            }
        }
    }

    /** The mean row of the flow's parents placed in earlier columns; flows without one go last. */
    private static double parentRow(RecircGraph.Node node, Map<Integer, List<Integer>> parents, Map<Integer, Placed> placed) {
        return parents.getOrDefault(node.line(), List.of()).stream()
                .map(placed::get)
                .filter(Objects::nonNull)
                .mapToInt(Placed::row)
                .average()
                .orElse(Double.MAX_VALUE);
    }
}
