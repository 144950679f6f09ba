package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.flows.report.OffloadReport;

/**
 * The refusal of input that held no datapath flow, only lines that are not one (OpenFlow flows, an ovs-appctl
 * error, a README) or nothing at all: a report of "0 flows, ratio unknown" about it would pass for a result.
 * An empty live dump is an idle datapath and is reported as such.
 */
final class NotADump {
    private NotADump() {
    }

    static void refuse(OffloadReport report, DumpSource source) {
        OffloadReport.Input input = report.input();
        if (!input.isNotADump(report.summary().flows()) || source.isLive() && input.lines() == 0) {
            return;
        }
        if (input.lines() == 0) {
            throw new CommandFailedException(source.description() + " is empty: there is no datapath flow to analyze;"
                    + " save a dump with 'ovs-appctl dpctl/dump-flows -m > dump.txt'", null);
        }
        String what = input.looksLike() != null ? "this is " + input.looksLike()
                : "the first unreadable line is '" + input.firstUnreadable() + "'";
        throw new CommandFailedException(source.description() + " is not a datapath flow dump: none of its "
                + input.lines() + " line(s) is a flow (" + report.summary().parseErrors() + " could not be read); "
                + what, null);
    }
}
