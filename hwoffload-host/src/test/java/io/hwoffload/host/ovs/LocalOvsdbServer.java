package io.hwoffload.host.ovs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A plain {@code ovsdb-server} (no {@code ovs-vswitchd}) in the host's own network namespace, for
 * what {@link OvsSandbox} cannot give the test JVM: {@link OvsSandbox}'s server listens inside its
 * namespace, whose 127.0.0.1 the JVM cannot reach. This one listens on {@code punix:<run>/db.sock}
 * and on {@code ptcp:0:127.0.0.1} (loopback only), keeps its database, sockets and log in a
 * private {@code /tmp/hwo-ovs-db-*} directory, and can be killed, restarted (same database file
 * and socket path), paused and resumed. It also serves the {@code Manager} table's remotes, so a
 * test can have a TCP remote with a short server-side inactivity probe. {@link #close()} kills it
 * and removes the directory, also after a failed start.
 */
final class LocalOvsdbServer implements AutoCloseable {
    private static final String SCHEMA = "/usr/share/openvswitch/vswitch.ovsschema";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** The log line of a TCP listener: {@code socket_util|INFO|0:127.0.0.1: listening on port 43295}. */
    private static final Pattern LISTENING = Pattern.compile("\\|0:([0-9.]+): listening on port (\\d+)");
    private static final String SERVER_ADDRESS = "127.0.0.1";
    /** Another loopback address, so that the log tells the Manager's listener from the command line's. */
    private static final String MANAGER_ADDRESS = "127.0.0.2";

    private final Path runDir;
    private final OvsCommands commands;
    private Process server;
    private int tcpPort;

    private LocalOvsdbServer() throws IOException {
        // Short and under /tmp (unix socket paths are limited to 107 bytes); the prefix is one HostFootprint watches.
        runDir = Files.createTempDirectory(Path.of("/tmp"), "hwo-ovs-db-");
        commands = new OvsCommands(runDir);
    }

    static LocalOvsdbServer start() throws Exception {
        LocalOvsdbServer ovsdb = new LocalOvsdbServer();
        try {
            ovsdb.run("ovsdb-tool", "create", ovsdb.runDir.resolve("conf.db").toString(), SCHEMA);
            ovsdb.launch();
            ovsdb.vsctl("init");
            return ovsdb;
        } catch (Throwable t) {
            try {
                ovsdb.close();
            } catch (Exception e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    SocketAddressSpec unix() {
        return SocketAddressSpec.parse("unix:" + runDir.resolve("db.sock"));
    }

    /** The TCP remote of the running server (a new port after each restart). */
    SocketAddressSpec tcp() {
        return SocketAddressSpec.parse("tcp:" + SERVER_ADDRESS + ":" + tcpPort);
    }

    /** SIGKILL: the server gets no chance to say goodbye; its socket file stays behind. */
    void kill() throws InterruptedException {
        server.destroyForcibly();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("ovsdb-server (pid " + server.pid() + ") did not die");
        }
    }

    /** Starts the server again on the same database file and socket path. */
    void restart() throws Exception {
        // The killed server's socket file is stale; removing it lets launch() wait for the new one.
        Files.deleteIfExists(runDir.resolve("db.sock"));
        launch();
    }

    /** SIGSTOP: connections stay up, nothing is answered. */
    void pause() throws Exception {
        run("kill", "-STOP", Long.toString(server.pid()));
    }

    void resume() throws Exception {
        run("kill", "-CONT", Long.toString(server.pid()));
    }

    /**
     * Adds a {@code Manager} remote {@code ptcp:0:127.0.0.2} whose inactivity probe is
     * {@code probeMillis} and returns its address: clients that do not answer the server's
     * {@code echo} are dropped after twice that.
     */
    SocketAddressSpec addTcpManager(int probeMillis) throws Exception {
        int listeners = listeningPorts(MANAGER_ADDRESS).size();
        vsctl("--", "--id=@m", "create", "Manager", "target=\"ptcp:0:" + MANAGER_ADDRESS + "\"",
                "inactivity_probe=" + probeMillis, "--", "set", "Open_vSwitch", ".", "manager_options=@m");
        return SocketAddressSpec.parse("tcp:" + MANAGER_ADDRESS + ":" + awaitListener(MANAGER_ADDRESS, listeners + 1));
    }

    /** Commits an RFC 7047 transaction straight to the database file, as {@code ovsdb-tool} can while the server is down. */
    void transactOffline(String transaction) throws Exception {
        run("ovsdb-tool", "transact", runDir.resolve("conf.db").toString(), transaction);
    }

    /** {@code ovs-vsctl --no-wait} against this server (there is no ovs-vswitchd to wait for). */
    OvsSandbox.Result vsctl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ovs-vsctl", "--db=" + unix().text(), "--timeout=10", "--no-wait"));
        argv.addAll(List.of(args));
        return run(argv.toArray(String[]::new));
    }

    private void launch() throws Exception {
        int listeners = listeningPorts(SERVER_ADDRESS).size();
        server = commands.daemon("ovsdb-server", List.of("ovsdb-server", runDir.resolve("conf.db").toString(),
                "--remote=punix:" + runDir.resolve("db.sock"),
                "--remote=ptcp:0:" + SERVER_ADDRESS,
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=" + runDir.resolve("ovsdb-server.pid"),
                "--unixctl=" + runDir.resolve("ovsdb-server.ctl"),
                "--log-file=" + runDir.resolve("ovsdb-server.log"),
                "--no-chdir"));
        tcpPort = awaitListener(SERVER_ADDRESS, listeners + 1);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(runDir.resolve("db.sock"))) {
            checkStarting(deadline);
        }
    }

    /** Waits for the log to report the {@code count}th listener on {@code address} and returns its port; the log is appended to across restarts. */
    private int awaitListener(String address, int count) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        List<Integer> ports;
        while ((ports = listeningPorts(address)).size() < count) {
            checkStarting(deadline);
        }
        return ports.get(count - 1);
    }

    private void checkStarting(long deadline) throws Exception {
        if (!server.isAlive()) {
            throw new IllegalStateException("ovsdb-server exited with status " + server.exitValue() + "; log:\n" + log());
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("ovsdb-server did not start within " + START_TIMEOUT.toSeconds() + "s; log:\n" + log());
        }
        Thread.sleep(20);
    }

    private List<Integer> listeningPorts(String address) throws IOException {
        List<Integer> ports = new ArrayList<>();
        Matcher m = LISTENING.matcher(log());
        while (m.find()) {
            if (m.group(1).equals(address)) {
                ports.add(Integer.parseInt(m.group(2)));
            }
        }
        return ports;
    }

    private String log() throws IOException {
        Path log = runDir.resolve("ovsdb-server.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Runs argv (no shell) with this server's OVS environment; fails unless it exits 0 in time. */
    private OvsSandbox.Result run(String... command) throws Exception {
        return commands.run(List.of(command), COMMAND_TIMEOUT);
    }

    /** Kills the server (also a paused one: SIGKILL needs no SIGCONT) and removes the directory. */
    @Override
    public void close() throws Exception {
        try {
            if (server != null && server.isAlive()) {
                kill();
            }
        } finally {
            try (Stream<Path> paths = Files.walk(runDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
