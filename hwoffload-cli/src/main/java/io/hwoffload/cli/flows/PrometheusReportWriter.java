package io.hwoffload.cli.flows;

import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadReport;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prometheus text exposition (format 0.0.4) of an analysis, for a node_exporter textfile collector
 * or a push gateway. Every status gets a series, zero included, so that dashboards see stable series.
 */
final class PrometheusReportWriter implements ReportWriter {
    private final PrintWriter out;
    private ReportExtras extras = ReportExtras.NONE;

    PrometheusReportWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void begin(String source, ReportExtras extras) {
        this.extras = extras;
    }

    @Override
    public void flow(FlowVerdict verdict) {
    }


    @Override
    public void end(OffloadReport report) {
        OffloadReport.Summary summary = report.summary();
        header("hwoffload_offload_ratio", "Offloaded packets over all packets of the datapath flows (TC byte counters exclude L2 headers, so packets are used).");
        // NaN when unknown (no -m fields, no packets): Prometheus's own "no meaningful value", never a false 0.
        Double ratio = summary.offloadRatio();
        out.println("hwoffload_offload_ratio " + (ratio == null ? "NaN" : number(ratio)));
        header("hwoffload_datapath_flows", "Datapath flows by offload status.");
        for (OffloadStatus status : OffloadStatus.values()) {
            OffloadReport.Totals totals = report.byStatus().get(status.label());
            out.println("hwoffload_datapath_flows{status=\"" + status.label() + "\"} " + (totals == null ? 0 : totals.flows()));
        }
        header("hwoffload_datapath_packets", "Packets counted by datapath flows, by offload status.");
        for (OffloadStatus status : OffloadStatus.values()) {
            OffloadReport.Totals totals = report.byStatus().get(status.label());
            out.println("hwoffload_datapath_packets{status=\"" + status.label() + "\"} " + (totals == null ? 0 : totals.packets()));
        }
        header("hwoffload_datapath_flows_not_offloaded", "Datapath flows that are not offloaded, by reason code.");
        for (OffloadReport.ReasonTotals reason : report.byReason()) {
            out.println("hwoffload_datapath_flows_not_offloaded{reason=\"" + escape(reason.code()) + "\"} " + reason.flows());
        }
        PodTraffic pods = extras.pods();
        if (pods != null) {
            header("hwoffload_pod_offload_ratio", "Offloaded packets over all packets of the flows a pod's ports enter or leave by.");
            for (PodTraffic.PodTotals pod : pods.pods()) {
                out.println("hwoffload_pod_offload_ratio{namespace=\"" + escape(pod.namespace()) + "\",pod=\""
                        + escape(pod.pod()) + "\"} " + (pod.offloadRatio() == null ? "NaN" : number(pod.offloadRatio())));
            }
            header("hwoffload_pod_packets", "Packets of the flows a pod's ports enter or leave by, offloaded or not.");
            for (PodTraffic.PodTotals pod : pods.pods()) {
                String labels = "namespace=\"" + escape(pod.namespace()) + "\",pod=\"" + escape(pod.pod()) + "\"";
                out.println("hwoffload_pod_packets{" + labels + ",offloaded=\"true\"} " + pod.offloadedPackets());
                out.println("hwoffload_pod_packets{" + labels + ",offloaded=\"false\"} "
                        + (pod.packets() - pod.offloadedPackets()));
            }
        }
        header("hwoffload_flow_dump_parse_errors", "Lines of the flow dump that could not be parsed.");
        out.println("hwoffload_flow_dump_parse_errors " + summary.parseErrors());
        out.flush();
    }

    private void header(String name, String help) {
        out.println("# HELP " + name + " " + help);
        out.println("# TYPE " + name + " gauge");
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
