package io.hwoffload.cli.demo;

import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.host.demo.AdvertisedPool;
import io.hwoffload.host.demo.DemoPod;
import io.hwoffload.host.demo.DemoResult;
import io.hwoffload.host.demo.TrafficResult;
import io.hwoffload.host.ovs.PortAttachment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo's result as {@code -o json|yaml} prints it; the table prints the same parts. */
record DemoReport(String model, String product, String policy, String cni, String ovsVersion,
                  List<Provenance> provenance, List<AppliedStep> steps, boolean restartedVswitchd,
                  List<AdvertisedPool> resources, List<Pod> pods, List<TrafficResult> traffic, Flows flows,
                  List<PodTraffic.PodTotals> byPod, double elapsedSeconds, boolean passed) {

    /** {@code byHand}: the vendor's step apply stops at; in the demo nicsim does it as a person would. */
    record AppliedStep(String command, String why, boolean byHand) {
    }

    record Pod(String name, String namespace, String address, int vf, String vfNetdev, String vfMac, String netns,
               String representor, Map<String, String> portExternalIds, Map<String, String> portOtherConfig,
               Map<String, String> interfaceExternalIds) {
    }

    record Flows(String source, OffloadReport.Summary summary, Map<String, OffloadReport.Totals> byStatus,
                 List<OffloadReport.ReasonTotals> byReason) {
    }

    /** A demo passed when its traffic went through and the datapath held flows for it. */
    static boolean passed(DemoResult result, OffloadReport analysis) {
        return result.trafficPassed() && analysis.summary().flows() > 0 && analysis.summary().packets() > 0;
    }

    static DemoReport of(DemoResult result, OffloadReport analysis, PodTraffic traffic) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < result.pods().size(); i++) {
            DemoPod pod = result.pods().get(i);
            PortAttachment port = result.ports().get(i);
            pods.add(new Pod(pod.name(), pod.namespace(), pod.cidr(), pod.vfIndex(), pod.vfNetdev(), pod.vfMac(),
                    pod.netns(), pod.representor(), port.portExternalIds(), port.portOtherConfig(),
                    port.interfaceExternalIds()));
        }
        return new DemoReport(result.setup().model(), result.product(), result.setup().policyName(), result.cni(),
                result.ovsVersion(), Provenance.of(result),
                result.appliedSteps().stream().map(s -> new AppliedStep(s.action().command(), s.why(), s.action().isManual())).toList(),
                result.restartedVswitchd(), result.pools(), pods, result.traffic(),
                new Flows(result.flowDumpSource(), analysis.summary(), analysis.byStatus(), analysis.byReason()),
                traffic.pods(), result.elapsed().toMillis() / 1000.0, passed(result, analysis));
    }
}
