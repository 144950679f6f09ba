package io.hwoffload.cli.flows;

import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.report.OffloadRatio;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.flows.syntax.ParseError;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The page {@code flows report} writes: one self-contained HTML file, its style sheet and graph
 * inline, nothing to fetch (no scripts, fonts or images), so it can go into a ticket or a mail.
 * Every text that came from the dump or the command line is escaped. The markup is also
 * well-formed XML, which lets the tests read it with the JDK's parser.
 *
 * @param nic           the catalog model of {@code --nic}, whose limits the page lists
 * @param assumedStatus {@code --assume-type}, or {@link OffloadStatus#UNKNOWN}
 * @param pods          with {@code --by pod}, the flows by the pod whose port they enter or leave by
 */
record HtmlReportPage(DumpOrigin origin, Instant written, OffloadReport report, Optional<RuleCatalog.NicLimits> nic,
                      OffloadStatus assumedStatus, RecircGraph graph, Optional<PodTraffic> pods) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** One fixed colour per status, for the graph, the bars and the legend alike. */
    private static final Map<OffloadStatus, String> COLOURS = new EnumMap<>(Map.of(
            OffloadStatus.OFFLOADED, "#2e7d32",
            OffloadStatus.PARTIALLY_OFFLOADED, "#00838f",
            OffloadStatus.TC_SOFTWARE, "#ef6c00",
            OffloadStatus.DATAPATH, "#c62828",
            OffloadStatus.UNKNOWN, "#6e7781"));
    private static final Map<OffloadStatus, String> MEANINGS = new EnumMap<>(Map.of(
            OffloadStatus.OFFLOADED, "the NIC forwards it (offloaded:yes, dp other than ovs)",
            OffloadStatus.PARTIALLY_OFFLOADED, "the NIC classifies, OVS runs the actions (offloaded, dp:ovs)",
            OffloadStatus.TC_SOFTWARE, "TC keeps it in software (dp:tc, not offloaded)",
            OffloadStatus.DATAPATH, "the host CPU forwards it (dp:ovs)",
            OffloadStatus.UNKNOWN, "the dump does not say (no -m fields)"));

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2328;\
            background:#fff;max-width:1320px;margin:24px auto;padding:0 20px}
            h1{font-size:24px;margin:0 0 12px}
            h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse}
            th,td{text-align:left;vertical-align:top;padding:5px 12px 5px 0;border-bottom:1px solid #eaeef2}
            th{font-weight:600}
            .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            code{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12px}
            #source{overflow-wrap:anywhere}
            td>code{white-space:nowrap}
            .facts th{width:150px;color:#57606a;font-weight:normal}
            .ratio{font-size:26px;font-weight:600;white-space:nowrap}
            .ratios th{font-size:16px;vertical-align:middle;width:90px}
            .ratios td{vertical-align:middle}
            .bar{width:360px;height:16px;background:#eaeef2;border-radius:4px;overflow:hidden}
            .bar.small{width:180px;height:12px}
            .bar>span{display:block;height:100%}
            .swatch{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:6px;vertical-align:-1px}
            .note{color:#57606a}
            .warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:8px 12px}
            .legend span.item{margin-right:18px;white-space:nowrap}
            .graph{overflow:auto;max-height:1400px;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa}
            .recirc-graph{display:block}
            .node text{fill:#fff;font:11px ui-monospace,"DejaVu Sans Mono",Menlo,monospace}
            .column-heading{fill:#57606a;font-size:12px;font-weight:600}
            .edge{fill:none;stroke:#57606a;stroke-width:1.4}
            .arrowhead{fill:#57606a}
            footer{margin-top:36px;color:#57606a;font-size:12px}
            """;

    /** The whole page. */
    String render() {
        StringBuilder out = new StringBuilder(16 * 1024);
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Html.escape("Datapath flow offload: " + origin.source())).append("</title>\n")
                .append("<style>\n").append(STYLE);
        COLOURS.forEach((status, colour) -> out.append(".status-").append(status.label())
                .append("{background:").append(colour).append(";fill:").append(colour).append("}\n"));
        out.append("</style>\n</head>\n<body>\n");
        facts(out);
        ratios(out);
        statuses(out);
        pods.ifPresent(traffic -> pods(traffic, out));
        graph(out);
        reasons(out);
        nic.ifPresent(limits -> nicLimits(limits, out));
        errors(out);
        out.append("<footer>Written by hwoffload flows report. The totals are those of <code>hwoffload flows analyze")
                .append(" -o json</code> on the same dump.</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private void facts(StringBuilder out) {
        OffloadReport.Summary s = report.summary();
        out.append("<h1>Datapath flow offload</h1>\n<table class=\"facts\">\n");
        fact(out, "Source", "<code id=\"source\">" + Html.escape(origin.source()) + "</code>");
        fact(out, "Taken", "<span id=\"taken\">" + TIME.format(origin.taken()) + "</span> <span class=\"note\">("
                + Html.escape(origin.takenHow()) + ")</span>");
        fact(out, "Report written", TIME.format(written));
        fact(out, "Flows", number(s.flows()) + (s.parseErrors() == 0 ? ""
                : ", and " + count(s.parseErrors(), "line") + " that could not be read (listed at the end)"));
        nic.ifPresent(limits -> fact(out, "NIC", Html.escape(limits.name()) + " <code>" + Html.escape(limits.model()) + "</code>"));
        if (assumedStatus != OffloadStatus.UNKNOWN) {
            fact(out, "Status assumed", "<code>" + Html.escape(assumedStatus.label())
                    + "</code> for flows without -m fields (--assume-type: the type= filter the dump was taken with)");
        }
        out.append("</table>\n");
    }

    private static void fact(StringBuilder out, String name, String html) {
        out.append("<tr><th>").append(name).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private void ratios(StringBuilder out) {
        OffloadReport.Summary s = report.summary();
        out.append("<h2>Offload ratio</h2>\n<table class=\"ratios\">\n");
        ratio(out, "packets", "Packets", s.packetRatio());
        ratio(out, "flows", "Flows", s.flowRatio());
        out.append("</table>\n<p class=\"note\">Offloaded packets are the vendor's offload_packets where the dump has them,"
                + " else all packets of an offloaded flow. The ratio that counts is over packets: TC's byte counters leave"
                + " out the 14-byte L2 header, so a ratio over bytes would understate offload.</p>\n");
        if (!s.packetRatio().isKnown()) {
            out.append("<p class=\"warning\">The offload ratio is unknown: ")
                    .append(Html.escape(s.packetRatio().unknown().explanation())).append(".</p>\n");
        }
    }

    private static void ratio(StringBuilder out, String id, String name, OffloadRatio ratio) {
        Double value = ratio.value();
        out.append("<tr id=\"ratio-").append(id).append("\" data-offloaded=\"").append(ratio.offloaded())
                .append("\" data-total=\"").append(ratio.total()).append("\" data-ratio=\"")
                .append(value == null ? "unknown" : value.toString()).append("\">")
                .append("<th>").append(name).append("</th>")
                .append("<td class=\"ratio\">").append(percent(ratio)).append("</td>")
                .append("<td>").append(bar("", OffloadStatus.OFFLOADED, value == null ? 0 : value)).append("</td>")
                .append("<td>").append(number(ratio.offloaded())).append(" of ").append(number(ratio.total())).append(' ')
                .append(name.toLowerCase(Locale.ROOT)).append(" offloaded</td></tr>\n");
    }

    private void statuses(StringBuilder out) {
        OffloadReport.Summary s = report.summary();
        out.append("<h2>By status</h2>\n<table id=\"by-status\">\n<thead><tr><th>Status</th><th>Meaning</th>")
                .append("<th class=\"num\">Flows</th><th></th><th class=\"num\">Packets</th><th></th></tr></thead>\n<tbody>\n");
        for (OffloadStatus status : OffloadStatus.values()) {
            OffloadReport.Totals totals = report.byStatus().getOrDefault(status.label(), new OffloadReport.Totals(0, 0, 0));
            out.append("<tr data-status=\"").append(status.label()).append("\" data-flows=\"").append(totals.flows())
                    .append("\" data-packets=\"").append(totals.packets()).append("\">")
                    .append("<td><span class=\"swatch status-").append(status.label()).append("\"></span>")
                    .append(status.label()).append("</td>")
                    .append("<td class=\"note\">").append(MEANINGS.get(status)).append("</td>")
                    .append("<td class=\"num\">").append(number(totals.flows())).append("</td>")
                    .append("<td>").append(bar(" small", status, share(totals.flows(), s.flows()))).append("</td>")
                    .append("<td class=\"num\">").append(number(totals.packets())).append("</td>")
                    .append("<td>").append(bar(" small", status, share(totals.packets(), s.packets()))).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private void pods(PodTraffic traffic, StringBuilder out) {
        out.append("<h2>By pod</h2>\n<p class=\"note\">The flows each pod's port enters or leaves by (the pod named by its")
                .append(" CNI's keys on the port's OVSDB rows), the least offloaded first.</p>\n")
                .append("<table id=\"by-pod\">\n<thead><tr><th>Pod</th><th>Ports</th><th class=\"num\">Flows</th>")
                .append("<th class=\"num\">Packets</th><th class=\"num\">Offloaded</th><th></th><th>Top reasons</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (PodTraffic.PodTotals pod : traffic.pods()) {
            double share = pod.offloadRatio() == null ? 0 : pod.offloadRatio();
            out.append("<tr data-pod=\"").append(Html.escape(pod.namespace() + "/" + pod.pod())).append("\">")
                    .append("<td>").append(Html.escape(pod.namespace() + "/" + pod.pod())).append("</td>")
                    .append("<td><code>").append(Html.escape(String.join(", ", pod.ports()))).append("</code></td>")
                    .append("<td class=\"num\">").append(number(pod.flows())).append("</td>")
                    .append("<td class=\"num\">").append(number(pod.packets())).append("</td>")
                    .append("<td class=\"num\">").append(number(pod.offloadedPackets())).append("</td>")
                    .append("<td>").append(bar(" small", OffloadStatus.OFFLOADED, share)).append("</td><td>");
            pod.reasons().forEach(r -> out.append("<code>").append(Html.escape(r.code())).append("</code> "));
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (traffic.pods().isEmpty()) {
            out.append("<p id=\"by-pod-none\" class=\"note\">No flow enters or leaves by a pod's port.</p>\n");
        }
    }

    private void graph(StringBuilder out) {
        out.append("<h2>Recirculation graph</h2>\n");
        if (graph.nodes().isEmpty()) {
            out.append("<p id=\"graph-summary\">The dump has no flows to draw.</p>\n");
            return;
        }
        out.append("<p id=\"graph-summary\" data-left-out=\"").append(graph.flowsLeftOut()).append("\">");
        long flows = report.summary().flows();
        String recirculations = count(graph.edges().size(), "recirculation");
        if (graph.flowsLeftOut() == 0) {
            out.append(count(flows, "flow")).append(", all drawn, with ").append(recirculations).append(" between them.");
        } else {
            out.append(number(graph.nodes().size())).append(" of ").append(number(flows)).append(" flows drawn: the ")
                    .append(number(graph.nodes().size() - graph.linkedDrawn())).append(" busiest");
            if (graph.linkedDrawn() > 0) {
                out.append(" and ").append(number(graph.linkedDrawn())).append(" linked to them by recirculation");
            }
            out.append(", with ").append(recirculations).append(" between them. <strong>")
                    .append(count(graph.flowsLeftOut(), "flow")).append(" left out</strong>");
            if (graph.linkedLeftOut() > 0) {
                out.append(", ").append(number(graph.linkedLeftOut())).append(" of them linked to a flow drawn");
            }
            out.append(": the graph draws the ").append(number(graph.limit()))
                    .append(" busiest flows and as many linked to them, and --max-nodes draws more.");
        }
        out.append(" An arrow leads from a")
                .append(" flow whose actions hold recirc(0xN) to each flow matching recirc_id(0xN). Point at a flow for its")
                .append(" full text.</p>\n<p class=\"legend\">");
        for (OffloadStatus status : OffloadStatus.values()) {
            out.append("<span class=\"item\"><span class=\"swatch status-").append(status.label()).append("\"></span>")
                    .append(status.label()).append("</span>");
        }
        out.append("</p>\n<div class=\"graph\">\n");
        RecircGraphSvg.write(graph, RecircGraphLayout.of(graph), out);
        out.append("</div>\n");
    }

    private void reasons(StringBuilder out) {
        out.append("<h2>Why flows are not offloaded</h2>\n");
        if (report.byReason().isEmpty()) {
            out.append("<p id=\"reasons-none\">Every flow is offloaded: nothing to explain.</p>\n");
            return;
        }
        out.append("<table id=\"reasons\">\n<thead><tr><th>Reason</th><th>Why</th><th>Fix</th>")
                .append("<th class=\"num\">Flows</th><th class=\"num\">Packets</th></tr></thead>\n<tbody>\n");
        for (OffloadReport.ReasonTotals reason : report.byReason()) {
            out.append("<tr data-code=\"").append(Html.escape(reason.code())).append("\" data-flows=\"").append(reason.flows())
                    .append("\" data-packets=\"").append(reason.packets()).append("\">")
                    .append("<td><code>").append(Html.escape(reason.code())).append("</code></td>")
                    .append("<td>").append(Html.escape(reason.message())).append("</td>")
                    .append("<td>").append(Html.escape(reason.remedy())).append("</td>")
                    .append("<td class=\"num\">").append(number(reason.flows())).append("</td>")
                    .append("<td class=\"num\">").append(number(reason.packets())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void nicLimits(RuleCatalog.NicLimits limits, StringBuilder out) {
        out.append("<h2>Limits of the ").append(Html.escape(limits.name())).append("</h2>\n");
        if (limits.rules().isEmpty()) {
            out.append("<p id=\"nic-limits-none\">The catalog knows no limits of <code>").append(Html.escape(limits.model()))
                    .append("</code> beyond the general TC ones above.</p>\n");
            return;
        }
        out.append("<p>What <code>--nic ").append(Html.escape(limits.model()))
                .append("</code> adds to the general TC limits; the reasons above include them.</p>\n")
                .append("<table id=\"nic-limits\">\n<thead><tr><th>Reason</th><th>Why</th><th>Fix</th></tr></thead>\n<tbody>\n");
        limits.rules().forEach(rule -> out.append("<tr><td><code>").append(Html.escape(rule.code())).append("</code></td><td>")
                .append(Html.escape(rule.message())).append("</td><td>").append(Html.escape(rule.remedy())).append("</td></tr>\n"));
        out.append("</tbody>\n</table>\n");
    }

    private void errors(StringBuilder out) {
        long count = report.summary().parseErrors();
        if (count == 0) {
            return;
        }
        out.append("<h2>Lines that could not be read</h2>\n<p>The rest of the dump was analyzed without them.</p>\n")
                .append("<table id=\"errors\">\n<thead><tr><th class=\"num\">Line</th><th class=\"num\">Column</th>")
                .append("<th>Problem</th></tr></thead>\n<tbody>\n");
        for (ParseError error : report.errors()) {
            out.append("<tr><td class=\"num\">").append(error.line()).append("</td><td class=\"num\">").append(error.column())
                    .append("</td><td>").append(Html.escape(error.message())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        if (count > report.errors().size()) {
            out.append("<p>... and ").append(number(count - report.errors().size())).append(" more.</p>\n");
        }
    }

    private static String bar(String size, OffloadStatus status, double share) {
        return String.format(Locale.ROOT, "<div class=\"bar%s\"><span class=\"status-%s\" style=\"width:%.3f%%\"></span></div>",
                size, status.label(), share * 100);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    /** Rounded down, so that a ratio short of 1 never shows as 100%. */
    static String percent(OffloadRatio ratio) {
        return ratio.percent(2);
    }

    static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** "1 flow", "2 flows". */
    private static String count(long value, String noun) {
        return number(value) + " " + noun + (value == 1 ? "" : "s");
    }
}
