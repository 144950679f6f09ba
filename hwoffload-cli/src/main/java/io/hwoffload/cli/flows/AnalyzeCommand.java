package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.ExitCodes;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.flows.log.VswitchdLog;
import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.offload.SoftwareVersions;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.report.OffloadRateTracker;
import io.hwoffload.flows.report.OffloadRatio;
import io.hwoffload.flows.report.OffloadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Measure how much datapath traffic is offloaded to the NIC, and explain every flow that is not.",
                "",
                "Reads the output of 'ovs-appctl dpctl/dump-flows' in any form (-m or plain, --names or port"
                        + " numbers, kernel, TC or userspace datapath, vendor fields) from a file, stdin, or live"
                        + " from ovs-vswitchd's unixctl socket (no ovs-appctl needed). Take dumps with -m: only"
                        + " then does each flow say where it runs (offloaded:yes, dp:tc).",
                "",
                "Status of a flow, as OVS's type= filters define it: offloaded (offloaded:yes, dp not ovs),"
                        + " partially-offloaded (offloaded, dp:ovs), tc-software (dp:tc, not offloaded),"
                        + " datapath (dp:ovs), unknown (no -m fields).",
                ""},
        footer = {"",
                "Examples:",
                "  ovs-appctl dpctl/dump-flows -m > dump.txt && hwoffload flows analyze dump.txt",
                "  hwoffload flows analyze --ovs-rundir /var/run/openvswitch --nic corigine-agilio-cx",
                "  hwoffload flows analyze --target /var/run/openvswitch/ovs-vswitchd.1234.ctl --watch 5s",
                "  ovs-appctl dpctl/dump-flows type=offloaded | hwoffload flows analyze - --assume-type offloaded",
                "  hwoffload flows analyze dump.txt -o prometheus > /var/lib/node_exporter/offload.prom",
                "  hwoffload flows analyze dump.txt --fail-below 0.9    # exit 1 when under 90%% of packets offloaded",
                "  hwoffload flows analyze --ovs-rundir /var/run/openvswitch --by pod     # is my pod's traffic in the NIC?",
                "  ovs-vsctl --format=json list Interface > ports.json; ovs-vsctl --format=json list Port >> ports.json",
                "  hwoffload flows analyze names-dump.txt --by pod --ports ports.json",
                "  hwoffload flows analyze dump.txt --vswitchd-log /var/log/openvswitch/ovs-vswitchd.log"})
public final class AnalyzeCommand implements Callable<Integer> {

    enum Format { table, json, prometheus }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DumpSourceOptions dump;

    @Mixin
    PodPortsOptions pods;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json, or prometheus (text exposition).")
    Format format;

    @Option(names = "--fail-below", paramLabel = "RATIO",
            description = "Exit 1 when the offloaded share of packets is below RATIO (0 to 1), for CI gates.")
    Double failBelow;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "How many of the busiest not-offloaded flows to list (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--watch", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Live only: re-sample every DURATION (e.g. 5s) and print packets per second offloaded"
                    + " and not, until interrupted or --count samples.")
    Duration watch;

    @Option(names = "--count", paramLabel = "N",
            description = "With --watch: stop after N intervals.")
    Integer count;

    @Override
    public Integer call() {
        OffloadStatus assumed = dump.assumedStatus();
        if (top < 0) {
            throw new UserInputException("--top must be 0 or more");
        }
        if (failBelow != null && (failBelow < 0 || failBelow > 1)) {
            throw new UserInputException("--fail-below takes a ratio between 0 and 1 (0.9 means 90% of packets), not " + failBelow);
        }
        boolean byPod = pods.byPod(dump);
        DumpSource source = dump.source();
        SoftwareVersions versions = dump.versions(source);
        VswitchdLog log = dump.vswitchdLog();
        OffloadExplainer explainer = dump.explainer(RuleCatalog.builtIn(), versions, log);
        if (watch != null) {
            return watch(source, explainer, assumed);
        }
        if (count != null) {
            throw new UserInputException("--count goes with --watch");
        }
        PodTraffic traffic = byPod ? new PodTraffic(pods.ports(dump, dump.timeout).asFunction()) : null;
        PrintWriter out = spec.commandLine().getOut();
        ReportWriter writer = switch (format) {
            case table -> new TableReportWriter(out);
            case json -> new JsonReportWriter(out);
            case prometheus -> new PrometheusReportWriter(out);
        };
        OffloadReport report = analyze(source, DumpSourceOptions.described(source, versions), explainer, assumed, writer,
                traffic, log);
        NotADump.refuse(report, source);
        return gate(report.summary().packetRatio());
    }

    private OffloadReport analyze(DumpSource source, String described, OffloadExplainer explainer, OffloadStatus assumed,
                                  ReportWriter writer, PodTraffic traffic, VswitchdLog log) {
        OffloadAnalyzer analyzer = new OffloadAnalyzer(explainer, assumed, top);
        writer.begin(described, new ReportExtras(traffic, log, dump.tcFilters()));
        try {
            feed(source, analyzer, traffic == null ? writer::flow : verdict -> {
                writer.flow(verdict);
                traffic.add(verdict);
            });
        } catch (UncheckedIOException e) {
            throw new CommandFailedException("writing the report failed: " + e.getCause().getMessage(), e);
        }
        OffloadReport report = analyzer.report();
        writer.end(report);
        return report;
    }

    /** Reads one dump through the analyzer, handing each flow's verdict on as it comes. */
    private static void feed(DumpSource source, OffloadAnalyzer analyzer, Consumer<FlowVerdict> verdicts) {
        source.forEachLine((lineNumber, text) -> {
            FlowVerdict verdict = analyzer.accept(lineNumber, text);
            if (verdict != null) {
                verdicts.accept(verdict);
            }
        });
    }

    private int watch(DumpSource source, OffloadExplainer explainer, OffloadStatus assumed) {
        if (!source.isLive()) {
            throw new UserInputException("--watch re-samples a running ovs-vswitchd: use it with --target or --ovs-rundir, not a file");
        }
        if (format == Format.prometheus) {
            throw new UserInputException("--watch prints a table or JSON lines; for Prometheus run the analysis per scrape");
        }
        if (count != null && count < 1) {
            throw new UserInputException("--count must be 1 or more");
        }
        PrintWriter out = spec.commandLine().getOut();
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
        if (format == Format.table) {
            out.printf("%-8s  %7s  %14s  %18s  %6s%n", "TIME", "FLOWS", "OFFLOADED_PPS", "NOT_OFFLOADED_PPS", "RATIO");
            out.flush();
        }
        OffloadRateTracker tracker = new OffloadRateTracker();
        long previous = 0;
        OffloadRatio lastRatio = OffloadRatio.of(0, 0, 0);
        for (int sample = 0; count == null || sample <= count; sample++) {
            if (sample > 0) {
                sleep(watch);
            }
            long now = System.nanoTime();
            feed(source, new OffloadAnalyzer(explainer, assumed, 0), tracker::add);
            OffloadRateTracker.Interval interval = tracker.finishSample((now - previous) / 1e9, sample == 0);
            previous = now;
            if (sample == 0) {
                continue;
            }
            lastRatio = interval.offloadRatio();
            String time = LocalTime.now().format(clock);
            if (format == Format.json) {
                Double ratio = interval.offloadRatio().value();
                out.printf(Locale.ROOT, "{\"time\":\"%s\",\"seconds\":%.3f,\"flows\":%d,\"offloadedPacketsPerSecond\":%.1f,"
                                + "\"notOffloadedPacketsPerSecond\":%.1f,\"offloadRatio\":%s}%n",
                        time, interval.seconds(), interval.flows(), interval.offloadedPacketsPerSecond(),
                        interval.notOffloadedPacketsPerSecond(), ratio == null ? "null" : String.format(Locale.ROOT, "%.4f", ratio));
            } else {
                out.printf(Locale.ROOT, "%-8s  %7d  %14.1f  %18.1f  %6s%n", time, interval.flows(),
                        interval.offloadedPacketsPerSecond(), interval.notOffloadedPacketsPerSecond(),
                        interval.offloadRatio().percent(1));
            }
            out.flush();
        }
        return gate(lastRatio);
    }

    /** --fail-below: an unknown ratio fails the gate as unknown, never as 0. */
    private int gate(OffloadRatio ratio) {
        if (failBelow == null) {
            return ExitCodes.OK;
        }
        if (!ratio.isKnown()) {
            spec.commandLine().getErr().println("hwoffload: the offloaded share of packets is unknown, so --fail-below "
                    + failBelow + " cannot pass: " + ratio.unknown().explanation());
            return ExitCodes.FAILURE;
        }
        if (ratio.value() >= failBelow) {
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "hwoffload: offloaded share of packets %.6f (%d of %d) is below"
                + " --fail-below %s%n", ratio.value(), ratio.offloaded(), ratio.total(), failBelow);
        return ExitCodes.FAILURE;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted", e);
        }
    }
}
