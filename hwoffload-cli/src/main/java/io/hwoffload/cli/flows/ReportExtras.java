package io.hwoffload.cli.flows;

import io.hwoffload.flows.log.VswitchdLog;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.tc.TcFilters;

/**
 * What a report holds besides the dump's own analysis, each null when not asked for: the traffic by pod
 * ({@code --by pod}), ovs-vswitchd's log ({@code --vswitchd-log}), the TC filters ({@code --tc}).
 */
public record ReportExtras(PodTraffic pods, VswitchdLog log, TcFilters tc) {
    public static final ReportExtras NONE = new ReportExtras(null, null, null);
}
