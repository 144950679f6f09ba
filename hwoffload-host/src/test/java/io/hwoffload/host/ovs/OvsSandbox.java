package io.hwoffload.host.ovs;

import io.hwoffload.host.FileTrees;
import io.hwoffload.host.exec.NetworkNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A private, real Open vSwitch for integration tests: a {@link PrivateOvs} in a network namespace of
 * its own, with its run directory in a private temp directory. One {@code netdev} bridge
 * has a veth port per "pod"; the other end of each veth sits in the pod's own namespace as
 * {@code eth0} with address {@code 10.99.0.<n>/24}.
 *
 * <p>Every creation step registers its undo first, so {@link #close()} removes whatever exists
 * even when setup failed halfway. Commands run as argv lists, without a shell, with timeouts.
 */
public final class OvsSandbox implements AutoCloseable {
    public static final String BRIDGE = "br0";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(15);
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin");

    /** A finished command: its argv, exit status and output. */
    public record Result(List<String> argv, int exit, String stdout, String stderr) {
    }

    private final String id;
    private final Deque<Step> cleanups = new ArrayDeque<>();
    private final OvsCommands commands;
    private final Path runDir;
    private final String ip;
    private final String ovsVsctl;
    private final String ovsOfctl;
    private final String ovsAppctl;
    private final String ethtool;
    private final String sysctl;
    private final List<String> podNamespaces = new ArrayList<>();
    private PrivateOvs ovs;

    private interface Step {
        void run() throws Exception;
    }

    private final Consumer<String> checkpoint;

    private OvsSandbox(Consumer<String> checkpoint) throws IOException {
        this.checkpoint = checkpoint;
        ip = binary("ip", "iproute2");
        ovsVsctl = binary("ovs-vsctl", "openvswitch-switch");
        ovsOfctl = binary("ovs-ofctl", "openvswitch-switch");
        ovsAppctl = binary("ovs-appctl", "openvswitch-switch");
        ethtool = binary("ethtool", "ethtool");
        sysctl = binary("sysctl", "procps");
        id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        // Short and under /tmp: unix socket paths are limited to 107 bytes.
        runDir = Files.createTempDirectory(Path.of("/tmp"), "hwo-ovs-" + id + "-");
        cleanups.push(() -> FileTrees.delete(runDir));
        commands = new OvsCommands(runDir);
    }

    /** Starts OVS in its namespace with one bridge and {@code pods} veth-attached pod namespaces. */
    public static OvsSandbox start(int pods) throws Exception {
        return start(pods, step -> { });
    }

    /**
     * As {@link #start(int)}, calling {@code checkpoint} after each setup step ({@code namespaces},
     * {@code ovsdb-server}, {@code ovs-vswitchd}, {@code bridge}, {@code pod N}) so that tests can
     * make setup fail halfway.
     */
    static OvsSandbox start(int pods, Consumer<String> checkpoint) throws Exception {
        OvsSandbox sandbox = new OvsSandbox(checkpoint);
        try {
            sandbox.setUp(pods);
            return sandbox;
        } catch (Throwable t) {
            try {
                sandbox.close();
            } catch (Exception e) {
                t.addSuppressed(e);
            }
            throw t;
        }
    }

    private void setUp(int pods) throws Exception {
        String ns = ovsNamespace();
        addNamespace(ns);
        for (int pod = 1; pod <= pods; pod++) {
            String podNs = "hwo-" + id + "-pod" + pod;
            addNamespace(podNs);
            podNamespaces.add(podNs);
        }

        checkpoint.accept("namespaces");
        // max-idle: flows stay in the datapath long enough for a test to dump them.
        ovs = PrivateOvs.start(new NetworkNamespace(ns), runDir, Map.of("max-idle", "60000"), checkpoint);
        cleanups.push(ovs::close);
        vsctl("add-br", BRIDGE, "--", "set", "bridge", BRIDGE, "datapath_type=netdev",
                "protocols=OpenFlow10,OpenFlow13,OpenFlow15", "fail_mode=secure");
        ovs.awaitBridge(BRIDGE);
        checkpoint.accept("bridge");

        for (int pod = 1; pod <= pods; pod++) {
            String podNs = podNamespace(pod);
            String port = ovsPort(pod);
            // Both ends are born inside their namespaces: nothing ever appears in the root namespace.
            run(ip, "link", "add", port, "netns", ns, "type", "veth", "peer", "name", "eth0", "netns", podNs);
            inNamespace(ns, ip, "link", "set", port, "up");
            inNamespace(ns, ethtool, "-K", port, "tx", "off");
            inNamespace(podNs, ip, "link", "set", "eth0", "address", podMac(pod));
            inNamespace(podNs, ip, "addr", "add", podAddress(pod) + "/24", "dev", "eth0");
            inNamespace(podNs, ip, "link", "set", "eth0", "up");
            inNamespace(podNs, ip, "link", "set", "lo", "up");
            inNamespace(podNs, ethtool, "-K", "eth0", "tx", "off");
            vsctl("add-port", BRIDGE, port, "--", "set", "interface", port, "ofport_request=" + pod);
            checkpoint.accept("pod " + pod);
        }
        // Static neighbours: no ARP traffic, so the datapath holds only the flows a test causes.
        for (int pod = 1; pod <= pods; pod++) {
            for (int peer = 1; peer <= pods; peer++) {
                if (peer != pod) {
                    inNamespace(podNamespace(pod), ip, "neigh", "replace", podAddress(peer), "lladdr",
                            podMac(peer), "dev", "eth0", "nud", "permanent");
                }
            }
        }
    }

    private void addNamespace(String name) throws Exception {
        cleanups.push(() -> {
            if (Files.exists(Path.of("/run/netns", name))) {
                run(ip, "netns", "del", name);
            }
        });
        run(ip, "netns", "add", name);
        inNamespace(name, ip, "link", "set", "lo", "up");
        // No IPv6: router solicitations and MLD reports would add datapath flows at random times.
        inNamespace(name, sysctl, "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
    }

    private static void stop(Process process) throws InterruptedException {
        // 'ip netns exec' execs the daemon, so this is the daemon's own pid.
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    // ---- accessors -------------------------------------------------------------------------

    public Path runDir() {
        return runDir;
    }

    public String ovsNamespace() {
        return "hwo-" + id + "-ovs";
    }

    public String podNamespace(int pod) {
        return podNamespaces.get(pod - 1);
    }

    /** The OVS-side veth of a pod, which is also its bridge port name; its OpenFlow port is {@code pod}. */
    public String ovsPort(int pod) {
        return "hwo" + id + "p" + pod;
    }

    public static String podAddress(int pod) {
        return "10.99.0." + pod;
    }

    public static String podMac(int pod) {
        return "02:99:00:00:00:0" + Integer.toHexString(pod);
    }

    public Path dbSocket() {
        return ovs.dbSocket();
    }

    public long vswitchdPid() {
        return ovs.vswitchdPid();
    }

    public Path controlSocket() {
        return ovs.controlSocket();
    }

    public Path bridgeSocket() {
        return ovs.bridgeSocket(BRIDGE);
    }

    // ---- commands --------------------------------------------------------------------------

    public Result vsctl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ovsVsctl, "--db=unix:" + dbSocket(), "--timeout=10"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    /** {@code ovs-ofctl -O <protocol> <command> unix:<run>/br0.mgmt <args>}. */
    public Result ofctl(String protocol, String command, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ovsOfctl, "-O", protocol, command, "unix:" + bridgeSocket()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    /** {@code ovs-appctl -t <run>/ovs-vswitchd.<pid>.ctl <args>}. */
    public Result appctl(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ovsAppctl, "-t", controlSocket().toString(), "--timeout=10"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    /** Runs a command inside a pod's namespace; fails unless it exits 0. */
    public Result inPod(int pod, String... argv) throws Exception {
        return inNamespace(podNamespace(pod), argv);
    }

    /** Runs a command inside a pod's namespace and returns whatever it exited with. */
    public Result tryInPod(int pod, Duration timeout, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", podNamespace(pod)));
        argv.addAll(List.of(command));
        return exec(argv, timeout);
    }

    /** Starts a command inside a pod's namespace without waiting; the caller must wait for it. */
    public Process startInPod(int pod, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", podNamespace(pod)));
        argv.addAll(List.of(command));
        Process process = commands.start(argv);
        cleanups.push(() -> stop(process));
        return process;
    }

    private Result inNamespace(String namespace, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", namespace));
        argv.addAll(List.of(command));
        return run(argv);
    }

    public Result run(String... argv) throws Exception {
        return run(List.of(argv));
    }

    /** Runs argv (no shell) with the sandbox's OVS environment; fails unless it exits 0 in time. */
    public Result run(List<String> argv) throws Exception {
        return commands.run(argv, COMMAND_TIMEOUT);
    }

    /** Runs argv (no shell) and returns whatever it exited with; fails only on a timeout. */
    public Result exec(List<String> argv, Duration timeout) throws Exception {
        return commands.exec(argv, timeout);
    }

    /** Fails loudly, naming the package to install, when a binary is missing. */
    private static String binary(String name, String debianPackage) {
        for (String dir : SEARCH_PATH) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(name + " not found in " + SEARCH_PATH + ": apt-get install -y " + debianPackage);
    }

    /** Undoes every setup step in reverse order; keeps going after a failure and reports all. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!cleanups.isEmpty()) {
            try {
                cleanups.pop().run();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cleaning up the OVS sandbox " + id + " failed");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
