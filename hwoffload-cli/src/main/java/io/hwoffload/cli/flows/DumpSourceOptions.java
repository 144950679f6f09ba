package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.log.VswitchdLog;
import io.hwoffload.flows.offload.SoftwareVersions;
import io.hwoffload.flows.tc.TcFilters;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.ovs.SocketAddressSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which datapath flow dump to read and how to judge it: the options {@code flows analyze} and
 * {@code flows report} share (a picocli mixin).
 */
final class DumpSourceOptions {
    private static final ObjectMapper TC_JSON = new ObjectMapper();

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|-",
            description = "A saved dump, or - for stdin. Omit it with --target or --ovs-rundir.")
    String file;

    @Option(names = "--target", paramLabel = "CTL_SOCKET",
            description = "ovs-vswitchd's unixctl socket (<rundir>/ovs-vswitchd.<pid>.ctl, or unix:PATH).")
    String target;

    @Option(names = "--ovs-rundir", paramLabel = "DIR",
            description = "OVS run directory: finds ovs-vswitchd.<pid>.ctl from ovs-vswitchd.pid.")
    Path ovsRunDirectory;

    @Option(names = "--names", description = "Live dumps: print port names instead of numbers (dpctl --names).")
    boolean names;

    @Option(names = "--assume-type", paramLabel = "STATUS",
            description = "Status of flows in a dump without -m fields, i.e. the type= filter it was taken with:"
                    + " offloaded, partially-offloaded, tc-software, datapath (or ovs).")
    String assumeType;

    @Option(names = "--nic", paramLabel = "MODEL",
            description = "Add the offload limits of this NIC model: ${COMPLETION-CANDIDATES}.",
            completionCandidates = NicModels.class)
    String nic;

    @Option(names = "--ovs-version", paramLabel = "VERSION",
            description = "The OVS that made a saved dump, e.g. 3.1.0; a live ovs-vswitchd is asked. Rules that an OVS"
                    + " version lifts follow it (TC offloads meters and check_pkt_len from 3.0); unknown, they apply.")
    String ovsVersion;

    @Option(names = "--vswitchd-log", paramLabel = "FILE",
            description = "ovs-vswitchd's log (/var/log/openvswitch/ovs-vswitchd.log): its \"failed to offload flow\""
                    + " lines become reasons of the flows entering by the port they name, with the kernel's own message"
                    + " where the log has it (netlink_socket at dbg).")
    Path vswitchdLog;

    @Option(names = "--tc", paramLabel = "FILE",
            description = "The output of 'tc -s -j filter show dev <port> ingress' for the flows' ports (repeatable): each"
                    + " flow is joined to its TC filter by the ufid OVS puts in the filter's cookie, to show whether the"
                    + " NIC holds it (in_hw) and how many of its packets went through hardware and software.")
    List<Path> tcFiles = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for ovs-vswitchd to answer (default ${DEFAULT-VALUE}).")
    Duration timeout;

    static final class NicModels implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return RuleCatalog.builtIn().nicModels().iterator();
        }
    }

    /**
     * The general rules plus those of {@code --nic}, for the OVS that makes the dump where it is known, and what
     * {@code log} (null: none) says of the flows' input ports.
     */
    OffloadExplainer explainer(RuleCatalog catalog, SoftwareVersions versions, VswitchdLog log) {
        return log == null ? new OffloadExplainer(catalog, nicLimits(catalog), versions)
                : new OffloadExplainer(catalog, nicLimits(catalog), versions, log::reasonsFor);
    }

    /** {@code --tc}, read; null without it. */
    TcFilters tcFilters() {
        if (tcFiles.isEmpty()) {
            return null;
        }
        TcFilters filters = new TcFilters();
        for (Path file : tcFiles) {
            try {
                filters.add(TC_JSON.readTree(file.toFile()));
            } catch (FileNotFoundException e) {
                throw new UserInputException("--tc: no such file: " + file);
            } catch (IOException e) {
                throw new UserInputException("--tc: " + file + " is not 'tc -s -j filter show' output: "
                        + e.getMessage().lines().findFirst().orElse(""));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--tc: " + file + ": " + e.getMessage());
            }
        }
        return filters;
    }

    /** {@code --vswitchd-log}, read; null without it. */
    VswitchdLog vswitchdLog() {
        if (vswitchdLog == null) {
            return null;
        }
        VswitchdLog log = new VswitchdLog();
        try (var lines = Files.lines(vswitchdLog, StandardCharsets.UTF_8)) {
            lines.forEach(log::accept);
        } catch (NoSuchFileException e) {
            throw new UserInputException("--vswitchd-log: no such file: " + vswitchdLog);
        } catch (IOException | UncheckedIOException e) {
            throw new UserInputException("--vswitchd-log: cannot read " + vswitchdLog + " as text: " + e.getMessage());
        }
        return log;
    }

    /** The source as a report names it, with the OVS version its verdicts are for. */
    static String described(DumpSource source, SoftwareVersions versions) {
        return source.description() + versions.ovs().map(v -> " (judged for Open vSwitch " + v + ")").orElse("");
    }

    /** {@code --ovs-version}, else what a live source says. */
    SoftwareVersions versions(DumpSource source) {
        Optional<Version> ovs;
        if (ovsVersion != null) {
            ovs = Version.find(ovsVersion).filter(v -> ovsVersion.strip().matches("v?\\d+(\\.\\d+)*"));
            if (ovs.isEmpty()) {
                throw new UserInputException("--ovs-version: '" + ovsVersion + "' is not a version such as 3.1.0");
            }
        } else {
            ovs = source.ovsVersion();
        }
        return new SoftwareVersions(ovs, Optional.empty());
    }

    Optional<RuleCatalog.NicLimits> nicLimits(RuleCatalog catalog) {
        if (nic == null) {
            return Optional.empty();
        }
        Optional<RuleCatalog.NicLimits> limits = catalog.nic(nic);
        if (limits.isEmpty()) {
            throw new UserInputException("--nic: unknown NIC model '" + nic + "'; known models: "
                    + String.join(", ", catalog.nicModels()));
        }
        return limits;
    }

    OffloadStatus assumedStatus() {
        if (assumeType == null) {
            return OffloadStatus.UNKNOWN;
        }
        return OffloadStatus.fromLabel(assumeType).filter(s -> s != OffloadStatus.UNKNOWN)
                .orElseThrow(() -> new UserInputException("--assume-type: '" + assumeType
                        + "' is not a flow status; use offloaded, partially-offloaded, tc-software, datapath or ovs"));
    }

    DumpSource source() {
        int given = (file != null ? 1 : 0) + (target != null ? 1 : 0) + (ovsRunDirectory != null ? 1 : 0);
        if (given != 1) {
            throw new UserInputException(given == 0
                    ? "no dump to analyze: pass a FILE, - for stdin, --target CTL_SOCKET or --ovs-rundir DIR"
                    : "pass only one of FILE, --target and --ovs-rundir");
        }
        if (names && file != null) {
            throw new UserInputException("--names asks a live ovs-vswitchd for port names; a saved dump already has what it has");
        }
        if (target != null) {
            try {
                return new DumpSource.LiveSource(SocketAddressSpec.parse(target), names, timeout);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--target: " + e.getMessage());
            }
        }
        if (ovsRunDirectory != null) {
            return DumpSource.inRunDirectory(ovsRunDirectory, names, timeout);
        }
        return file.equals("-") ? new DumpSource.StdinSource(System.in) : new DumpSource.FileSource(Path.of(file));
    }
}
