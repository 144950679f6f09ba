package io.hwoffload.cli.flows;

import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.log.VswitchdLog;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.flows.tc.TcFilters;

/** Writes an analysis as it streams: flows one by one, then the totals. */
public interface ReportWriter {

    void begin(String source);

    void flow(FlowVerdict verdict);

    void end(OffloadReport report);

    /** With {@code --by pod}: the traffic by pod and by the node's port roles, written before {@link #end}. */
    void pods(PodTraffic traffic);

    /** With {@code --tc}: the TC filters the flows are joined to, given before {@link #begin}. */
    default void tc(TcFilters filters) {
    }

    /** With {@code --vswitchd-log}: ovs-vswitchd's offload failures and refusals, written before {@link #end}. */
    default void vswitchdLog(VswitchdLog log) {
    }
}
