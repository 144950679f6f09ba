package io.hwoffload.host.linux;

import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.host.exec.CommandException;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versions offload depends on, as this host reports them: the kernel ({@code /proc/sys/kernel/osrelease}),
 * iproute2 ({@code ip -V}) and ethtool ({@code ethtool --version}). The OVS version comes over OVSDB, not from here.
 */
public final class HostVersionProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** {@code ip utility, iproute2-6.1.0, libbpf 1.1.0}; older builds print a snapshot date: {@code iproute2-ss200127}. */
    private static final Pattern IPROUTE2 = Pattern.compile("iproute2-([0-9A-Za-z.]+)");
    /** {@code ethtool version 6.1}. */
    private static final Pattern ETHTOOL = Pattern.compile("ethtool version (\\S+)");

    private final Path procRoot;
    private final CommandRunner commands;

    public HostVersionProbe(Path procRoot, CommandRunner commands) {
        this.procRoot = procRoot;
        this.commands = commands;
    }

    public static HostVersionProbe system() {
        return new HostVersionProbe(Path.of("/proc"), CommandRunner.withTimeout(TIMEOUT));
    }

    /** What could be found; a field is null when its source is missing or unreadable. OVS is always null here. */
    public HostVersions probe() {
        return new HostVersions(kernel().orElse(null),
                output("ip", "-V").flatMap(HostVersionProbe::iproute2).orElse(null),
                output("ethtool", "--version").flatMap(HostVersionProbe::ethtool).orElse(null),
                null);
    }

    private Optional<String> kernel() {
        try {
            String release = Files.readString(procRoot.resolve("sys/kernel/osrelease")).strip();
            return release.isEmpty() ? Optional.empty() : Optional.of(release);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The release ({@code 6.1.0}), or the snapshot tag ({@code ss200127}, not a comparable version) of older builds. */
    static Optional<String> iproute2(String ipVersionOutput) {
        return firstGroup(IPROUTE2, ipVersionOutput);
    }

    static Optional<String> ethtool(String ethtoolVersionOutput) {
        return firstGroup(ETHTOOL, ethtoolVersionOutput);
    }

    private static Optional<String> firstGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private Optional<String> output(String... argv) {
        try {
            CommandResult result = commands.run(argv);
            return result.succeeded() ? Optional.of(result.stdout() + result.stderr()) : Optional.empty();
        } catch (CommandException missing) {
            return Optional.empty();
        }
    }
}
