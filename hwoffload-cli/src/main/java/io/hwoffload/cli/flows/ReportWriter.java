package io.hwoffload.cli.flows;

import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadReport;

/** Writes an analysis as it streams: flows one by one, then the totals. */
public interface ReportWriter {

    void begin(String source);

    void flow(FlowVerdict verdict);

    void end(OffloadReport report);
}
