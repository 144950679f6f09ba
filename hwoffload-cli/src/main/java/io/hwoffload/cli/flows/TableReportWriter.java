package io.hwoffload.cli.flows;

import io.hwoffload.cli.TextTable;
import io.hwoffload.flows.log.VswitchdLog;
import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.flows.syntax.ParseError;
import io.hwoffload.flows.tc.TcFilters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The human-readable report: what is offloaded, what is not and why, where the traffic goes. */
public final class TableReportWriter implements ReportWriter {
    private static final int MAX_ACTIONS_WIDTH = 60;
    private final PrintWriter out;
    private String source;
    private ReportExtras extras = ReportExtras.NONE;
    /** With --tc, the flows whose packets partly went through software (the first ten). */
    private final List<String> partlyInSoftware = new ArrayList<>();

    public TableReportWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin(String source, ReportExtras extras) {
        this.source = source;
        this.extras = extras;
    }


    @Override
    public void flow(FlowVerdict verdict) {
        if (extras.tc() == null) {
            return;
        }
        var filter = extras.tc().claim(verdict.flow().ufid());
        if (filter.isEmpty()) {
            return;
        }
        filter.get().softwareShare().filter(share -> share > 0 && partlyInSoftware.size() < 10).ifPresent(share ->
                partlyInSoftware.add("line " + verdict.flow().line() + " (" + verdict.status() + "): "
                        + percent(share) + " of its packets went through software (" + filter.get().swPackets() + " of "
                        + (filter.get().swPackets() + filter.get().hwPackets()) + ")"));
    }

    @Override
    public void end(OffloadReport report) {
        OffloadReport.Summary s = report.summary();
        out.println("Datapath flows from " + source);
        new TextTable("", "TOTAL", "OFFLOADED", "RATIO")
                .row("flows", s.flows(), s.offloadedFlows(), s.flowRatio().percent(1))
                .row("packets", s.packets(), s.offloadedPackets(), s.packetRatio().percent(1))
                .row("bytes", s.bytes(), s.offloadedBytes(), "")
                .print(out, "  ");
        if (s.parseErrors() > 0) {
            out.println("  parse errors: " + s.parseErrors() + " line(s) could not be read (listed at the end)");
        }
        if (!s.packetRatio().isKnown()) {
            out.println("  offload ratio unknown: " + s.packetRatio().unknown().explanation());
        }

        section("By status");
        TextTable statuses = new TextTable("STATUS", "FLOWS", "PACKETS", "BYTES");
        report.byStatus().forEach((status, t) -> statuses.row(status, t.flows(), t.packets(), t.bytes()));
        statuses.print(out, "  ");

        if (!report.byReason().isEmpty()) {
            section("Not offloaded (or not known to be), by reason");
            for (OffloadReport.ReasonTotals reason : report.byReason()) {
                out.println("  " + reason.code() + "  (" + reason.flows() + " flows, " + reason.packets() + " packets)");
                out.println("      why: " + reason.message());
                out.println("      fix: " + reason.remedy());
            }
        }

        if (!report.topNotOffloaded().isEmpty()) {
            section("Busiest flows not offloaded");
            TextTable flows = new TextTable("LINE", "STATUS", "PACKETS", "IN_PORT", "ACTIONS", "REASONS");
            for (FlowVerdict v : report.topNotOffloaded()) {
                flows.row(v.flow().line(), v.status(), v.flow().packets(), orDash(v.flow().keyValue("in_port")),
                        abbreviate(v.flow().actionsText()),
                        v.reasons().stream().map(Reason::code).collect(Collectors.joining(",")));
            }
            flows.print(out, "  ");
        }

        PodTraffic pods = extras.pods();
        if (pods != null) {
            section("By pod (the flows each pod's ports enter or leave by; least offloaded first)");
            TextTable table = new TextTable("POD", "PORTS", "FLOWS", "PACKETS", "OFFLOADED", "RATIO", "TOP REASONS");
            for (PodTraffic.PodTotals pod : pods.pods()) {
                table.row(pod.namespace() + "/" + pod.pod(), String.join(",", pod.ports()), pod.flows(), pod.packets(),
                        pod.offloadedPackets(), pod.offloadRatio() == null ? "-" : percent(pod.offloadRatio()),
                        pod.reasons().isEmpty() ? "-" : pod.reasons().stream().map(PodTraffic.ReasonPackets::code)
                                .collect(Collectors.joining(",")));
            }
            table.print(out, "  ");
            if (pods.pods().isEmpty()) {
                out.println("  no flow enters or leaves by a pod's port");
            }
            TextTable roles = new TextTable("NODE PORTS", "PORTS", "FLOWS", "PACKETS", "OFFLOADED");
            pods.roles().forEach(r -> roles.row(r.role(), String.join(",", r.ports()), r.flows(), r.packets(),
                    r.offloadedPackets()));
            roles.print(out, "  ");
        }

        TcFilters tc = extras.tc();
        if (tc != null) {
            section("TC filters (joined to the flows by the ufid in their cookie)");
            out.println("  " + tc.size() + " filters; " + tc.flowsWithFilter() + " flows have one, " + tc.flowsWithoutFilter()
                    + " have none; " + tc.unclaimed().size() + " filters match no flow of this dump");
            partlyInSoftware.forEach(line -> out.println("  " + line));
        }

        VswitchdLog log = extras.log();
        if (log != null) {
            section("ovs-vswitchd's log: flows it could not offload, and what its TC offload refused");
            if (log.failures().isEmpty() && log.messages().isEmpty()) {
                out.println("  no offload failure logged");
            }
            for (VswitchdLog.Failure f : log.failures()) {
                out.println("  " + f.port() + ": failed to offload flow: " + f.error() + "  (" + f.count() + "x, last "
                        + f.last() + ")" + (f.kernelMessage() == null ? "" : "\n      the kernel said: " + f.kernelMessage()));
            }
            for (VswitchdLog.Message m : log.messages()) {
                out.println("  " + m.text() + "  (" + m.count() + "x, last " + m.last() + ")");
            }
        }

        ports("By input port", report.byInPort());
        ports("By output port", report.byOutPort());

        if (!report.recircChains().isEmpty()) {
            section("Recirculation chains (root line -> lines reached through recirc)");
            TextTable chains = new TextTable("ROOT", "PACKETS", "FLOWS", "RECIRC_IDS", "STATUSES");
            for (OffloadReport.RecircChain chain : report.recircChains()) {
                chains.row(chain.rootLine(), chain.rootPackets(),
                        chain.lines().stream().map(String::valueOf).collect(Collectors.joining("->")),
                        String.join(",", chain.recircIds()),
                        chain.statuses().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(",")));
            }
            chains.print(out, "  ");
        }

        if (!report.errors().isEmpty()) {
            section("Lines that could not be read");
            for (ParseError error : report.errors()) {
                out.println("  line " + error.line() + ", column " + error.column() + ": " + error.message());
            }
            if (s.parseErrors() > report.errors().size()) {
                out.println("  ... and " + (s.parseErrors() - report.errors().size()) + " more");
            }
        }
        out.flush();
    }



    private static String percent(double ratio) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private void ports(String title, java.util.List<OffloadReport.PortTotals> ports) {
        if (ports.isEmpty()) {
            return;
        }
        section(title);
        TextTable table = new TextTable("PORT", "FLOWS", "PACKETS", "OFFLOADED_PACKETS");
        ports.stream().limit(20).forEach(p -> table.row(p.port(), p.flows(), p.packets(), p.offloadedPackets()));
        table.print(out, "  ");
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_ACTIONS_WIDTH ? text : text.substring(0, MAX_ACTIONS_WIDTH - 3) + "...";
    }
}
