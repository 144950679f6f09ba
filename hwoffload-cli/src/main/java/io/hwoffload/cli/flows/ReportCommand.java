package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.ExitCodes;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.offload.SoftwareVersions;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.report.OffloadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "report",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Write one HTML page about a datapath flow dump: the offload ratio over packets and over flows,"
                        + " flows and packets by status, the recirculation graph of the flows coloured by status,"
                        + " and why flows are not offloaded, with the fix.",
                "",
                "Reads the same dumps as 'flows analyze': a file, stdin, or live from ovs-vswitchd's unixctl socket."
                        + " The page is self-contained (style sheet and graph inline; no scripts, fonts or images to"
                        + " fetch), so it opens offline and can go into a ticket.",
                "",
                "The graph draws the --max-nodes busiest flows and up to as many flows linked to them by"
                        + " recirculation (an arrow from a flow with recirc(0xN) to each flow matching recirc_id(0xN)),"
                        + " one column per recirculation depth; the page says how many flows it left out. The dump is"
                        + " read twice instead of held in memory; stdin and live dumps are first copied next to the"
                        + " report, and the copy removed.",
                ""},
        footer = {"",
                "Examples:",
                "  ovs-appctl dpctl/dump-flows -m > dump.txt && hwoffload flows report dump.txt -o report.html",
                "  hwoffload flows report --ovs-rundir /var/run/openvswitch --nic corigine-agilio-cx -o offload.html",
                "  ovs-appctl dpctl/dump-flows type=offloaded | hwoffload flows report - --assume-type offloaded -o report.html",
                "  hwoffload flows report dump.txt --max-nodes 50 -o report.html    # a smaller graph"})
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The HTML file to write, e.g. report.html. It appears only when complete; an existing file"
                    + " is replaced.")
    Path output;

    @Option(names = "--max-nodes", paramLabel = "N", defaultValue = "200",
            description = "How many of the busiest flows the graph draws, plus up to as many flows linked to them"
                    + " (default ${DEFAULT-VALUE}).")
    int maxNodes;

    @Mixin
    DumpSourceOptions dump;

    @Mixin
    PodPortsOptions pods;

    @Override
    public Integer call() {
        RuleCatalog catalog = RuleCatalog.builtIn();
        Optional<RuleCatalog.NicLimits> nic = dump.nicLimits(catalog);
        OffloadStatus assumed = dump.assumedStatus();
        if (maxNodes < 1) {
            throw new UserInputException("--max-nodes must be 1 or more");
        }
        boolean byPod = pods.byPod(dump);
        DumpSource source = dump.source();
        SoftwareVersions versions = dump.versions(source);
        OffloadExplainer explainer = dump.explainer(catalog, versions, dump.vswitchdLog());
        refuseToOverwrite(source);
        OffloadReport report;
        Optional<PodTraffic> traffic = byPod ? Optional.of(new PodTraffic(pods.ports(dump, dump.timeout).asFunction()))
                : Optional.empty();
        try (ReportFile page = ReportFile.create(output)) {
            Instant read = Instant.now();
            try (RereadableDump rereadable = RereadableDump.of(source, page.directory())) {
                OffloadAnalyzer analyzer = new OffloadAnalyzer(explainer, assumed, 0);
                BusiestFlows busiest = new BusiestFlows(maxNodes);
                rereadable.forEachLine((lineNumber, text) -> {
                    FlowVerdict verdict = analyzer.accept(lineNumber, text);
                    if (verdict != null) {
                        busiest.add(verdict);
                        traffic.ifPresent(t -> t.add(verdict));
                    }
                });
                report = analyzer.report();
                NotADump.refuse(report, source);
                RecircGraphCollector graph = new RecircGraphCollector(busiest.selection(), maxNodes, assumed);
                rereadable.forEachLine(graph::accept);
                if (!graph.sameAsFirstRead()) {
                    throw new CommandFailedException(source.description() + " changed while it was read: the report reads"
                            + " a dump twice, so give it a file that is not being written (or pipe it to -)", null);
                }
                page.commit(new HtmlReportPage(DumpOrigin.of(source, read), Instant.now(), report, nic, assumed,
                        graph.graph(), traffic).render());
            }
        }
        OffloadReport.Summary s = report.summary();
        spec.commandLine().getOut().println("wrote " + output + ": " + HtmlReportPage.percent(s.packetRatio())
                + " of " + HtmlReportPage.number(s.packets()) + " packets offloaded, " + HtmlReportPage.number(s.flows())
                + " flows" + (s.parseErrors() == 0 ? "" : ", " + HtmlReportPage.number(s.parseErrors())
                + " line(s) could not be read (listed on the page)"));
        return ExitCodes.OK;
    }

    /** The page would replace the dump it was made from. */
    private void refuseToOverwrite(DumpSource source) {
        try {
            if (source instanceof DumpSource.FileSource file && Files.exists(file.path()) && Files.exists(output)
                    && Files.isSameFile(file.path(), output)) {
                throw new UserInputException("-o " + output + " is the dump being read; write the report to another file,"
                        + " e.g. -o report.html");
            }
        } catch (IOException e) {
            // cannot tell; the read and the write report their own problems
        }
    }
}
