package io.hwoffload.cli.demo;

import io.hwoffload.cli.TextTable;
import io.hwoffload.cli.flows.ReportExtras;
import io.hwoffload.cli.flows.TableReportWriter;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.host.demo.AdvertisedPool;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's report as text: what is real, the steps, the resources, the pods, the traffic, then the flow analysis. */
final class DemoTable {
    private final PrintWriter out;

    DemoTable(PrintWriter out) {
        this.out = out;
    }

    void print(DemoReport report, OffloadReport analysis) {
        out.printf(Locale.ROOT, "hwoffload demo: %s (%s), policy %s, CNI %s: %s in %.1f s%n", report.product(),
                report.model(), report.policy(), report.cni(), report.passed() ? "passed" : "FAILED", report.elapsedSeconds());

        section("What is real here, and what is emulated");
        report.provenance().forEach(p -> out.printf("  %-9s %s%n", p.kind(), p.part()));

        section("Steps the policy applied (" + report.steps().size() + ", the engine of 'hwoffload apply')");
        TextTable steps = new TextTable("#", "COMMAND", "WHY");
        for (int i = 0; i < report.steps().size(); i++) {
            DemoReport.AppliedStep step = report.steps().get(i);
            steps.row(i + 1, step.command(), step.why() + (step.byHand() ? " [by hand: apply stops here; nicsim did it]" : ""));
        }
        steps.print(out, "  ");
        if (report.restartedVswitchd()) {
            out.println("  then ovs-vswitchd was restarted: it reads other_config (hw-offload) only at start");
        }

        section("Resources the SR-IOV device plugin would advertise");
        TextTable resources = new TextTable("RESOURCE", "VFS", "NODE", "VF NETDEVS");
        for (AdvertisedPool pool : report.resources()) {
            resources.row(pool.resourceName(), pool.vfRange(),
                    pool.onThisNode() ? "this node" : "the node of policy " + pool.policy(),
                    pool.vfNetdevs().size() + ": " + String.join(" ", pool.vfNetdevs()));
        }
        resources.print(out, "  ");

        section("Pods (each VF in a namespace of its own; its representor on br-int, plugged as " + report.cni() + " does)");
        TextTable pods = new TextTable("POD", "ADDRESS", "VF", "NETNS", "REPRESENTOR", "PORT KEYS");
        for (DemoReport.Pod pod : report.pods()) {
            pods.row(pod.namespace() + "/" + pod.name(), pod.address(), pod.vfNetdev() + " (VF " + pod.vf() + ")",
                    pod.netns(), pod.representor(), keys(pod));
        }
        pods.print(out, "  ");

        section("Pods' traffic in the datapath (the flows each pod's port enters or leaves by)");
        TextTable byPod = new TextTable("POD", "PORT", "FLOWS", "PACKETS", "OFFLOADED", "TOP REASONS");
        for (PodTraffic.PodTotals pod : report.byPod()) {
            byPod.row(pod.namespace() + "/" + pod.pod(), String.join(",", pod.ports()), pod.flows(), pod.packets(),
                    pod.offloadedPackets(), pod.reasons().stream().map(PodTraffic.ReasonPackets::code)
                            .collect(Collectors.joining(",")));
        }
        byPod.print(out, "  ");

        section("Traffic");
        TextTable traffic = new TextTable("PROTOCOL", "FROM", "TO", "RESULT", "DETAIL");
        report.traffic().forEach(t -> traffic.row(t.protocol(), t.from(), t.to(), t.passed() ? "ok" : "FAILED", t.detail()));
        traffic.print(out, "  ");
        out.println();

        TableReportWriter flows = new TableReportWriter(out);
        flows.begin(report.flows().source(), ReportExtras.NONE);
        flows.end(analysis);
        out.flush();
    }

    private static String keys(DemoReport.Pod pod) {
        return entries("port", pod.portExternalIds()) + entries("port other_config", pod.portOtherConfig())
                + entries("interface", pod.interfaceExternalIds());
    }

    private static String entries(String row, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "";
        }
        return row + " " + entries.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")) + " ";
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }
}
