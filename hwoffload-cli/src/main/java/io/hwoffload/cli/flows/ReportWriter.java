package io.hwoffload.cli.flows;

import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadReport;

/** Writes an analysis as it streams: flows one by one, then the totals. */
public interface ReportWriter {

    /** Before the first flow: the source as the report names it, and what the report holds besides the dump. */
    void begin(String source, ReportExtras extras);

    void flow(FlowVerdict verdict);

    void end(OffloadReport report);
}
