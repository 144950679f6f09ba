package io.hwoffload.cli.demo;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.ExitCodes;
import io.hwoffload.cli.OutputFormat;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.cni.OvsPortRow;
import io.hwoffload.core.cni.PodPorts;
import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.offload.SoftwareVersions;
import io.hwoffload.flows.pods.PodTraffic;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.report.OffloadReport;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.HostException;
import io.hwoffload.host.demo.Demo;
import io.hwoffload.host.demo.DemoResult;
import io.hwoffload.host.demo.DemoSetup;
import io.hwoffload.host.demo.DemoSetups;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "demo",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "The whole job on an emulated SmartNIC, in one command and under a minute, as root on any Linux machine.",
                "",
                "Builds a nicsim node of a reference setup's NIC whose VFs and representors are real veth pairs,"
                        + " starts a real Open vSwitch (userspace datapath, private run directory, the node's own network"
                        + " namespace), applies the setup's example policy with the engine of 'hwoffload apply', plugs two"
                        + " VF \"pods\" into br-int the way the policy's CNI does, sends ICMP and TCP between them,"
                        + " analyzes the live datapath flows as 'hwoffload flows analyze' does, prints the report and"
                        + " removes everything it made, also on Ctrl-C or failure.",
                "",
                "The NIC is emulated, so no flow is offloaded: the userspace datapath has no TC. Everything else is"
                        + " real, and the report says which part is which.",
                "",
                "Progress goes to stderr, the report to stdout. Exit status: 0 the traffic went through and its flows"
                        + " were analyzed, 1 something failed (the report or the message says what), 2 bad input.",
                ""},
        footer = {"",
                "Examples:",
                "  sudo ./hwoffload demo",
                "  sudo ./hwoffload demo --model mellanox-connectx5",
                "  sudo ./hwoffload demo --model nvidia-bluefield2-dpu -o json",
                "  sudo ./hwoffload demo --save-dump /tmp/flows.txt && ./hwoffload flows report /tmp/flows.txt -o flows.html"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "MODEL", defaultValue = DemoSetups.DEFAULT_MODEL,
            completionCandidates = Models.class,
            description = "The reference setup's NIC: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table, json or yaml (default: ${DEFAULT-VALUE}).")
    OutputFormat format;

    @Option(names = "--save-dump", paramLabel = "FILE",
            description = "Also write the live flow dump (dpctl/dump-flows -m) to FILE, for 'hwoffload flows analyze'"
                    + " or 'hwoffload flows report' later.")
    Path saveDump;

    static final class Models implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return DemoSetups.models().iterator();
        }
    }

    @Override
    public Integer call() {
        DemoSetup setup;
        try {
            setup = DemoSetups.of(model);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        requireWritable(saveDump);
        requireRoot();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoResult result;
        try (Teardown teardown = new Teardown(Demo.prepare(setup, NicCatalog.bundled()), err)) {
            err.println("hwoffload demo: " + setup.model() + " with policy " + setup.policyName() + ", working in "
                    + teardown.demo.workDirectory());
            result = teardown.demo.run(new DemoProgress(err));
        } catch (HostException | IllegalStateException e) {
            throw new CommandFailedException("the demo failed: " + e.getMessage() + "\n(everything it made was removed)", e);
        }
        if (saveDump != null) {
            try {
                Files.writeString(saveDump, result.flowDump());
            } catch (IOException e) {
                throw new CommandFailedException("--save-dump " + saveDump + ": cannot write the flow dump: " + e.getMessage(), e);
            }
        }
        PodTraffic pods = new PodTraffic(PodPorts.of(result.ports().stream().map(p -> new OvsPortRow(p.name(), "",
                p.interfaceExternalIds(), p.portExternalIds())).toList()).asFunction());
        OffloadReport analysis = analyze(result, pods);
        DemoReport report = DemoReport.of(result, analysis, pods);
        format.write(out, report, table -> new DemoTable(table).print(report, analysis));
        return report.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * The live dump through the same analyzer as 'flows analyze --by pod', with the NIC's own limits and the OVS
     * version that ran; the pods are named by the keys the demo plugged their ports with.
     */
    private static OffloadReport analyze(DemoResult result, PodTraffic pods) {
        RuleCatalog rules = RuleCatalog.builtIn();
        SoftwareVersions versions = new SoftwareVersions(Version.find(result.ovsVersion()), Optional.empty());
        OffloadAnalyzer analyzer = new OffloadAnalyzer(new OffloadExplainer(rules, rules.nic(result.setup().model()),
                versions), OffloadStatus.UNKNOWN, 10);
        int line = 0;
        for (String text : result.flowDump().lines().toList()) {
            FlowVerdict verdict = analyzer.accept(++line, text);
            if (verdict != null) {
                pods.add(verdict);
            }
        }
        return analyzer.report();
    }

    /** Checked before the demo starts, so that a typo does not cost a whole run. */
    private static void requireWritable(Path file) {
        if (file == null) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UserInputException("--save-dump " + file + ": not a file in a writable directory; name a file"
                    + " such as /tmp/demo-flows.txt");
        }
    }

    private static void requireRoot() {
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new CommandFailedException("the demo needs Linux and root; cannot tell who this is: " + e.getMessage(), e);
        }
        if (!Integer.valueOf(0).equals(uid)) {
            throw new CommandFailedException("the demo needs root: it creates network namespaces, veth pairs and a"
                    + " private Open vSwitch (run: sudo ./hwoffload demo)", null);
        }
    }

    /**
     * Tears the demo down when the command ends, and from a shutdown hook when Ctrl-C (or a kill) ends the JVM first.
     */
    private static final class Teardown implements AutoCloseable {
        private final Demo demo;
        private final PrintWriter err;
        private final Thread hook;

        Teardown(Demo demo, PrintWriter err) {
            this.demo = demo;
            this.err = err;
            this.hook = new Thread(this::onShutdown, "hwoffload-demo-teardown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        private void onShutdown() {
            err.println("hwoffload demo: stopped; removing everything it made");
            err.flush();
            demo.close();
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to; close() below is safe to run alongside it.
            }
            err.println("==> teardown");
            demo.close();
            err.println("    removed the namespaces, veth pairs, OVS and " + demo.workDirectory());
            err.flush();
        }
    }
}
