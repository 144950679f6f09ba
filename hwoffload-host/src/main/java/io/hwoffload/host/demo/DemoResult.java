package io.hwoffload.host.demo;

import io.hwoffload.core.plan.Step;
import io.hwoffload.host.ovs.PortAttachment;

import java.time.Duration;
import java.util.List;

/**
 * What a demo did and saw: the setup, the OVS it ran, the steps applied, the pools that would be advertised, the
 * pods and how their ports were plugged, the traffic, and the live datapath flow dump ({@code -m} form) taken after.
 */
public record DemoResult(DemoSetup setup, String product, String cni, String ovsVersion, String nodeNamespace,
                         List<Step> appliedSteps, boolean restartedVswitchd, List<AdvertisedPool> pools,
                         List<DemoPod> pods, List<PortAttachment> ports, List<TrafficResult> traffic,
                         String flowDumpSource, String flowDump, Duration elapsed) {

    public DemoResult {
        appliedSteps = List.copyOf(appliedSteps);
        pools = List.copyOf(pools);
        pods = List.copyOf(pods);
        ports = List.copyOf(ports);
        traffic = List.copyOf(traffic);
    }

    public boolean trafficPassed() {
        return !traffic.isEmpty() && traffic.stream().allMatch(TrafficResult::passed);
    }
}
