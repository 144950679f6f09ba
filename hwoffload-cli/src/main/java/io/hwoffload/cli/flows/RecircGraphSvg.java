package io.hwoffload.cli.flows;

import java.util.Locale;

import static io.hwoffload.cli.flows.RecircGraphLayout.HEADING_HEIGHT;
import static io.hwoffload.cli.flows.RecircGraphLayout.MARGIN;
import static io.hwoffload.cli.flows.RecircGraphLayout.NODE_HEIGHT;
import static io.hwoffload.cli.flows.RecircGraphLayout.NODE_WIDTH;

/**
 * The recirculation graph as inline SVG: a box per flow coloured by its status class (the page's
 * style sheet holds the colours), labelled with its line, {@code in_port} and packets, with the
 * whole flow as its tooltip; an arrow per recirculation.
 */
final class RecircGraphSvg {
    /**
     * Label characters that fit a box in the 11px monospace font of the page's style sheet (6.7px
     * wide): "line N in_port(...)" with an interface name of the kernel's longest, 15 characters.
     */
    private static final int LABEL_CHARS = (NODE_WIDTH - 16) * 10 / 67;

    private RecircGraphSvg() {
    }

    static void write(RecircGraph graph, RecircGraphLayout layout, StringBuilder out) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"recirc-graph\" width=\"").append(layout.width())
                .append("\" height=\"").append(layout.height()).append("\" viewBox=\"0 0 ").append(layout.width())
                .append(' ').append(layout.height()).append("\" role=\"img\" aria-label=\"")
                .append(graph.nodes().size()).append(" flows and ").append(graph.edges().size())
                .append(" recirculations\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                        + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>\n");
        for (int column = 0; column < layout.columns(); column++) {
            out.append("<text class=\"column-heading\" x=\"").append(MARGIN + column * (NODE_WIDTH + RecircGraphLayout.COLUMN_GAP))
                    .append("\" y=\"").append(MARGIN + HEADING_HEIGHT - 10).append("\">").append(heading(column)).append("</text>\n");
        }
        out.append("<g class=\"edges\">\n");
        for (RecircGraph.Edge edge : graph.edges()) {
            edge(edge, layout, out);
        }
        out.append("</g>\n<g class=\"nodes\">\n");
        for (RecircGraphLayout.Placed placed : layout.nodes()) {
            node(placed, out);
        }
        out.append("</g>\n</svg>\n");
    }

    private static String heading(int column) {
        return switch (column) {
            case 0 -> "recirc_id(0)";
            case 1 -> "recirculated once";
            default -> "recirculated " + column + " times";
        };
    }

    private static void node(RecircGraphLayout.Placed placed, StringBuilder out) {
        RecircGraph.Node node = placed.node();
        String status = node.status().label();
        String port = node.inPort() == null ? "in_port -" : "in_port(" + node.inPort() + ")";
        out.append("<g class=\"node status-").append(Html.escape(status)).append("\" data-line=\"").append(node.line())
                .append("\" data-status=\"").append(Html.escape(status)).append("\" data-column=\"").append(placed.column())
                .append("\" transform=\"translate(").append(placed.x()).append(',').append(placed.y()).append(")\">")
                .append("<title>").append(Html.escape("line " + node.line() + ", " + status + ", "
                        + HtmlReportPage.number(node.packets()) + " packets\n" + node.text())).append("</title>")
                .append("<rect width=\"").append(NODE_WIDTH).append("\" height=\"").append(NODE_HEIGHT).append("\" rx=\"5\"/>")
                .append("<text x=\"8\" y=\"15\">").append(Html.escape(abbreviate("line " + node.line() + " " + port)))
                .append("</text>")
                .append("<text x=\"8\" y=\"30\">").append(Html.escape(HtmlReportPage.number(node.packets()) + " packets"))
                .append("</text></g>\n");
    }

    /** A curve from the right side of one box to the left side of the other; backwards or onto itself, it arcs above. */
    private static void edge(RecircGraph.Edge edge, RecircGraphLayout layout, StringBuilder out) {
        RecircGraphLayout.Placed from = layout.byLine().get(edge.from());
        RecircGraphLayout.Placed to = layout.byLine().get(edge.to());
        int x1 = from.x() + NODE_WIDTH;
        int y1 = from.y() + NODE_HEIGHT / 2;
        int x2 = to.x();
        int y2 = to.y() + NODE_HEIGHT / 2;
        boolean forward = to.column() > from.column();
        int reach = forward ? Math.max(40, (x2 - x1) / 2) : 60;
        int lift = forward ? 0 : NODE_HEIGHT;
        out.append(String.format(Locale.ROOT,
                        "<path class=\"edge\" data-from=\"%d\" data-to=\"%d\" d=\"M%d,%d C%d,%d %d,%d %d,%d\" marker-end=\"url(#arrow)\">",
                        edge.from(), edge.to(), x1, y1, x1 + reach, y1 - lift, x2 - reach, y2 - lift, x2, y2))
                .append("<title>").append(Html.escape("line " + edge.from() + " recirc(0x" + Long.toHexString(edge.recircId())
                        + ") to line " + edge.to())).append("</title></path>\n");
    }

    private static String abbreviate(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "\u2026";
    }
}
