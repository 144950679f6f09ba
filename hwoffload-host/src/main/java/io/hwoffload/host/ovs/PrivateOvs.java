package io.hwoffload.host.ovs;

import io.hwoffload.host.HostException;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.exec.NetworkNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A private Open vSwitch: {@code ovsdb-server} and {@code ovs-vswitchd --disable-system} (userspace datapath
 * only, no kernel module) running inside a network namespace the caller made, with database, sockets, pid
 * files and logs in a run directory of the caller's ({@code OVS_RUNDIR}; never {@code /var/run/openvswitch}).
 * The host's own OVS, if any, is never touched. {@link #close()} stops both daemons; the caller removes the
 * namespace and the directory.
 */
public final class PrivateOvs implements AutoCloseable {
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final CommandRunner COMMANDS = CommandRunner.withTimeout(Duration.ofSeconds(15));

    private final NetworkNamespace namespace;
    private final Path runDirectory;
    private final Deque<Process> daemons = new ArrayDeque<>();
    private Process vswitchd;

    private PrivateOvs(NetworkNamespace namespace, Path runDirectory) {
        this.namespace = namespace;
        this.runDirectory = runDirectory;
    }

    /** Starts both daemons, {@code otherConfig} set in the database before ovs-vswitchd reads it. */
    public static PrivateOvs start(NetworkNamespace namespace, Path runDirectory, Map<String, String> otherConfig) {
        return start(namespace, runDirectory, otherConfig, step -> { });
    }

    /**
     * As {@link #start(NetworkNamespace, Path, Map)}, calling {@code checkpoint} after each daemon is up
     * ({@code ovsdb-server}, {@code ovs-vswitchd}) so that tests can make the start fail halfway. A start that
     * fails stops whatever it started.
     */
    static PrivateOvs start(NetworkNamespace namespace, Path runDirectory, Map<String, String> otherConfig,
                            Consumer<String> checkpoint) {
        if (!Files.isRegularFile(SCHEMA)) {
            throw new HostException(SCHEMA + " is missing: apt-get install -y openvswitch-switch");
        }
        // Unix socket paths are limited to 107 bytes; the longest is <run>/ovs-vswitchd.<pid>.ctl.
        if (runDirectory.toAbsolutePath().toString().length() > 70) {
            throw new HostException("OVS run directory " + runDirectory + " is too long for its unix sockets: use a"
                    + " directory under /tmp");
        }
        PrivateOvs ovs = new PrivateOvs(namespace, runDirectory.toAbsolutePath());
        try {
            ovs.startDatabase(otherConfig);
            checkpoint.accept("ovsdb-server");
            ovs.startVswitchd();
            checkpoint.accept("ovs-vswitchd");
            return ovs;
        } catch (RuntimeException e) {
            try {
                ovs.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private void startDatabase(Map<String, String> otherConfig) {
        Path db = runDirectory.resolve("conf.db");
        COMMANDS.run("ovsdb-tool", "create", db.toString(), SCHEMA.toString()).requireSuccess();
        Process ovsdb = daemon("ovsdb-server", List.of("ovsdb-server", db.toString(),
                "--remote=punix:" + dbSocket(),
                "--pidfile=" + runDirectory.resolve("ovsdb-server.pid"),
                "--unixctl=" + runDirectory.resolve("ovsdb-server.ctl"),
                "--log-file=" + runDirectory.resolve("ovsdb-server.log"),
                "--no-chdir"));
        awaitFile(ovsdb, dbSocket(), "ovsdb-server.log");
        COMMANDS.run(vsctl("--no-wait", "init")).requireSuccess();
        for (Map.Entry<String, String> entry : otherConfig.entrySet()) {
            COMMANDS.run(vsctl("--no-wait", "set", "Open_vSwitch", ".",
                    "other_config:" + entry.getKey() + "=" + entry.getValue())).requireSuccess();
        }
    }

    private void startVswitchd() {
        // No --unixctl: ovs-vswitchd then names its socket <OVS_RUNDIR>/ovs-vswitchd.<pid>.ctl, the layout
        // UnixctlClient.controlSocket() finds on real hosts.
        vswitchd = daemon("ovs-vswitchd", List.of("ovs-vswitchd", "unix:" + dbSocket(), "--disable-system",
                "--pidfile=" + runDirectory.resolve("ovs-vswitchd.pid"),
                "--log-file=" + runDirectory.resolve("ovs-vswitchd.log"),
                "--no-chdir"));
        awaitFile(vswitchd, controlSocket(), "ovs-vswitchd.log");
    }

    /** Stops ovs-vswitchd and starts it again, as a node operator does for settings OVS reads only at start. */
    public void restartVswitchd() {
        Process old = vswitchd;
        daemons.remove(old);
        stop(old);
        startVswitchd();
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    public Path dbSocket() {
        return runDirectory.resolve("db.sock");
    }

    public long vswitchdPid() {
        return vswitchd.pid();
    }

    /** ovs-vswitchd's unixctl socket, {@code <run>/ovs-vswitchd.<pid>.ctl}. */
    public Path controlSocket() {
        return runDirectory.resolve("ovs-vswitchd." + vswitchd.pid() + ".ctl");
    }

    /** A bridge's OpenFlow management socket, {@code <run>/<bridge>.mgmt}, for ovs-ofctl. */
    public Path bridgeSocket(String bridge) {
        return runDirectory.resolve(bridge + ".mgmt");
    }

    /** Waits until ovs-vswitchd has opened {@code bridge} (its management socket exists). */
    public void awaitBridge(String bridge) {
        awaitFile(vswitchd, bridgeSocket(bridge), "ovs-vswitchd.log");
    }

    /** The last lines of one of the daemons' logs ({@code ovs-vswitchd.log}, {@code ovsdb-server.log}). */
    public String logTail(String log) {
        try {
            List<String> lines = Files.readAllLines(runDirectory.resolve(log));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    /** {@code ovs-vsctl} argv against this instance's database. */
    public List<String> vsctl(String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + dbSocket(), "--timeout=10"));
        argv.addAll(List.of(args));
        return argv;
    }

    /** {@code ovs-ofctl COMMAND unix:<run>/<bridge>.mgmt ARGS} argv. */
    public List<String> ofctl(String command, String bridge, String... args) {
        List<String> argv = new ArrayList<>(List.of("ovs-ofctl", command, "unix:" + bridgeSocket(bridge)));
        argv.addAll(List.of(args));
        return argv;
    }

    private Process daemon(String name, List<String> command) {
        // 'ip netns exec' execs the daemon, so the process started here is the daemon itself.
        List<String> argv = new ArrayList<>(List.of(program("ip"), "netns", "exec", namespace.name(), program(command.get(0))));
        argv.addAll(command.subList(1, command.size()));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDirectory.resolve(name + ".stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(runDirectory.resolve(name + ".stderr").toFile()));
        builder.environment().putAll(Map.of("OVS_RUNDIR", runDirectory.toString(), "OVS_LOGDIR", runDirectory.toString(),
                "OVS_DBDIR", runDirectory.toString(), "OVS_SYSCONFDIR", runDirectory.toString()));
        try {
            Process process = builder.start();
            daemons.push(process);
            return process;
        } catch (IOException e) {
            throw new HostException("cannot start " + name + ": " + e.getMessage());
        }
    }

    private static String program(String name) {
        return CommandRunner.locate(name).map(Path::toString).orElseThrow(() -> new HostException(name + " is not installed: apt-get install -y "
                        + (name.equals("ip") ? "iproute2" : "openvswitch-switch")));
    }

    private void awaitFile(Process daemon, Path file, String log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(file)) {
            if (!daemon.isAlive()) {
                throw new HostException("the private " + log.replace(".log", "") + " exited with status "
                        + daemon.exitValue() + " before creating " + file + "; its log ends:\n" + logTail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new HostException(file + " did not appear within " + START_TIMEOUT.toSeconds() + " s; "
                        + log + " ends:\n" + logTail(log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HostException("interrupted while waiting for " + file);
            }
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops ovs-vswitchd, then ovsdb-server. */
    @Override
    public void close() {
        while (!daemons.isEmpty()) {
            stop(daemons.pop());
        }
    }
}
