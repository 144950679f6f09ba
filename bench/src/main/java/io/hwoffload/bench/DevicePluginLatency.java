package io.hwoffload.bench;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.HwoffloadCommand;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.deviceplugin.FakeKubelet;
import io.hwoffload.operator.deviceplugin.api.Device;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import io.hwoffload.operator.testing.MockCluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * How long a VF's state change takes to reach the kubelet through the agent's built-in device plugin, and the agent's
 * memory while it serves 5 pools. The agent runs as in a node (its own JVM, heap capped as the install bundle's 384 Mi
 * limit with MaxRAMPercentage=75 caps it) against a mock API server, on a nicsim ConnectX-5 with 5 VFs, one pool each;
 * a fake kubelet registers the pools and watches them. Each change unbinds a VF from its driver (or binds it back),
 * at a random moment of the refresh cycle, and the latency runs from that sysfs write to the ListAndWatch update that
 * shows it. The peer is the agent's refresh interval, which bounds the wait: polling alone gives a median of 0.5
 * interval and a maximum of 1; the ratio says what the plugin adds to it.
 *
 * <p>Usage: {@code bash bench/device-plugin [--changes N] [--interval DURATION]} (defaults 100 and 2s).
 */
public final class DevicePluginLatency {
    private static final String NODE = "bench-node";
    private static final int POOLS = 5;
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private DevicePluginLatency() {
    }

    public static void main(String[] args) throws Exception {
        int changes = 100;
        String interval = "2s";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--interval" -> interval = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: [--changes N] [--interval DURATION]");
            }
        }
        MOCK_SERVER_LOG.setLevel(Level.WARNING);   // one line per request otherwise
        Path dir = Files.createTempDirectory("hwo-device-plugin-bench");
        try (MockCluster cluster = MockCluster.start()) {
            run(cluster.client(), dir, changes, interval);
        } finally {
            delete(dir);
        }
    }

    private static void run(KubernetesClient client, Path dir, int changes, String interval) throws Exception {
        Path root = dir.resolve("cx5");
        SimulatedHost host = NicsimTreeBuilder.bundled().create(root, "mellanox-connectx5", NicsimBoot.DEFAULTS, false);
        OffloadNodeStateResource state = new OffloadNodeStateResource();
        state.setMetadata(new ObjectMetaBuilder().withName(NODE).build());
        state.setSpec(new NodeStateSpec(NODE, List.of(new NodeStateSpec.AssignedPolicy("five-pools", 1L, policy()))));
        client.resources(OffloadNodeStateResource.class).resource(state).create();
        Path kubeletDirectory = Files.createDirectories(dir.resolve("device-plugins"));
        try (FakeKubelet kubelet = new FakeKubelet(kubeletDirectory)) {
            Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx288m", "-cp", System.getProperty("java.class.path"), HwoffloadCommand.class.getName(),
                    "agent", "--node", NODE, "--kubeconfig", kubeconfig(client, dir).toString(),
                    "--sysfs-root", root.toString(), "--ovs-rundir", dir.resolve("no-ovs").toString(),
                    "--metrics-port", "0", "--resync", "1h", "--device-plugin-interval", interval,
                    "--kubelet-dir", kubeletDirectory.toString(), "--device-info-dir", dir.resolve("devinfo").toString())
                    .redirectOutput(dir.resolve("agent.out").toFile()).redirectError(dir.resolve("agent.err").toFile())
                    .start();
            try {
                measure(host, kubelet, agent, changes, interval);
            } finally {
                agent.destroy();
                if (!agent.waitFor(30, TimeUnit.SECONDS)) {
                    agent.destroyForcibly();
                }
            }
        }
    }

    private static void measure(SimulatedHost host, FakeKubelet kubelet, Process agent, int changes, String interval)
            throws Exception {
        Map<String, BlockingQueue<ListAndWatchResponse>> lists = new LinkedHashMap<>();
        for (int i = 0; i < POOLS; i++) {
            RegisterRequest registration = kubelet.nextRegistration(60);
            if (registration == null) {
                throw new IllegalStateException("the agent registered " + i + " of " + POOLS + " pools in 60 s");
            }
            lists.put(registration.getResourceName(), kubelet.watch(registration.getEndpoint()));
        }
        List<String> vfs = new ArrayList<>();
        for (int vf = 0; vf < POOLS; vf++) {
            String pool = "mellanox.com/pool" + vf;
            vfs.add(await(lists.get(pool), d -> d.getHealth().equals("Healthy"), 60).getID());
        }
        System.out.printf(Locale.ROOT, "agent pid %d serves %d pools, every VF healthy; %d changes, interval %s%n",
                agent.pid(), POOLS, changes, interval);
        List<Double> latencies = new ArrayList<>();
        long intervalMillis = new DurationConverter().convert(interval).toMillis();
        Random phase = new Random(42);
        for (int i = 0; i < changes; i++) {
            // Changes come at any moment of the refresh cycle, not just after an update (which would measure one whole
            // interval every time): a random wait of up to one interval first.
            Thread.sleep(phase.nextLong(intervalMillis));
            int vf = (i / 2) % POOLS;
            PciAddress address = PciAddress.parse(vfs.get(vf));
            boolean unbind = i % 2 == 0;
            long start = System.nanoTime();
            if (unbind) {
                host.unbind(address, "mlx5_core");
            } else {
                host.bind(address, "mlx5_core");
            }
            String wanted = unbind ? "Unhealthy" : "Healthy";
            await(lists.get("mellanox.com/pool" + vf), d -> d.getHealth().equals(wanted), 30);
            latencies.add((System.nanoTime() - start) / 1e6);
        }
        latencies.sort(Comparator.naturalOrder());
        double median = latencies.get(latencies.size() / 2);
        double max = latencies.get(latencies.size() - 1);
        System.out.printf(Locale.ROOT, "ListAndWatch latency over %d changes: median %.0f ms, p90 %.0f ms, max %.0f ms%n",
                latencies.size(), median, latencies.get((int) (latencies.size() * 0.9)), max);
        System.out.printf(Locale.ROOT, "ratio to the refresh interval (%s): median %.2f, max %.2f%n", interval,
                median / intervalMillis, max / intervalMillis);
        System.out.println("agent memory: " + memory(agent.pid()));
    }

    /** The first device of the pool's next list that {@code wanted}, within {@code seconds}. */
    private static Device await(BlockingQueue<ListAndWatchResponse> lists, Predicate<Device> wanted,
                                long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            ListAndWatchResponse list = lists.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (list != null && list.getDevicesCount() == 1 && wanted.test(list.getDevices(0))) {
                return list.getDevices(0);
            }
        }
        throw new IllegalStateException("no such ListAndWatch update within " + seconds + " s");
    }

    /** VmRSS and VmHWM of the agent's process, as the kernel counts them (what a memory limit sees). */
    private static String memory(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("unknown");
    }

    /** Seed 003's ConnectX-5 policy without its OVS part, with 5 VFs and one pool per VF. */
    private static PolicySpec policy() throws IOException {
        StringBuilder pools = new StringBuilder();
        for (int vf = 0; vf < POOLS; vf++) {
            pools.append("  - {resourcePrefix: mellanox.com, resourceName: pool").append(vf).append(", vfRange: ")
                    .append(vf).append('-').append(vf).append("}\n");
        }
        return new YAMLMapper().readValue("""
                nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [enp3s0f0]}
                numVfs: 5
                eswitchMode: switchdev
                hwTcOffload: true
                cni: {type: antrea}
                resourcePools:
                """ + pools, PolicySpec.class);
    }

    private static Path kubeconfig(KubernetesClient client, Path dir) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                "apiVersion: v1", "kind: Config",
                "clusters:", "- name: mock",
                "  cluster: {server: \"" + client.getConfiguration().getMasterUrl() + "\", insecure-skip-tls-verify: true}",
                "users:", "- name: mock", "  user: {token: bench}",
                "contexts:", "- name: mock", "  context: {cluster: mock, user: mock}",
                "current-context: mock", ""));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
