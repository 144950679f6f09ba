package io.hwoffload.operator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.host.ovs.HostFootprint;
import io.hwoffload.operator.agent.SeedNodeFixture.Seed;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.crd.PolicySpec.ResourcePoolSpec;
import io.hwoffload.operator.deviceplugin.DevicePluginMetrics;
import io.hwoffload.operator.deviceplugin.FakeKubelet;
import io.hwoffload.operator.deviceplugin.NodeDevicePlugin;
import io.hwoffload.operator.deviceplugin.api.AllocateRequest;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateRequest;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateResponse;
import io.hwoffload.operator.deviceplugin.api.Device;
import io.hwoffload.operator.deviceplugin.api.DeviceSpec;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent as the kubelet device plugin on a nicsim node of every reference setup, against a fake kubelet: the
 * pools register before the apply with no healthy VF, the apply makes exactly the pool's VFs healthy, a VF unbound
 * (or its PF's eSwitch back in legacy) turns unhealthy within 5 s on the agent's own loop and healthy again after
 * the repair, Allocate answers as sriov-network-device-plugin does, and a kubelet restart is followed within 5 s.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(120)
class AgentBuiltinDevicePluginTest {
    static final List<Seed> SEEDS = SeedNodeFixture.SEEDS;
    private static final String NODE = "worker-1";
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final long WITHIN_SECONDS = 5;
    private static final Pattern LAST_APPLY = Pattern.compile("^hwoffload_last_apply_timestamp_seconds\\{[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    private static HostFootprint before;

    KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void takeFootprint() throws Exception {
        before = HostFootprint.take();
    }

    @AfterAll
    static void checkNothingLeft() throws Exception {
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @BeforeEach
    void installCrd() {
        MockCluster.installCrds(client);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SEEDS")
    void servesThePoolsVfsOnlyWhileOffloadReady(Seed seed) throws Exception {
        Path kubeletDirectory = Files.createDirectories(temp.resolve("device-plugins"));
        Path deviceInfo = temp.resolve("devinfo");
        List<ResourcePoolSpec> poolSpecs = SeedNodeFixture.policySpec(seed).resourcePools() == null ? List.of()
                : SeedNodeFixture.policySpec(seed).resourcePools();
        AgentMetrics metrics = new AgentMetrics(NODE);
        try (SeedNodeFixture node = SeedNodeFixture.start(seed, temp.resolve("node"));
             LocalNode local = node.localNode();
             FakeKubelet kubelet = new FakeKubelet(kubeletDirectory);
             BuiltinDevicePlugin plugin = new BuiltinDevicePlugin(new NodeDevicePlugin(kubeletDirectory,
                     node.host.sysfsRoot(), deviceInfo, temp.resolve("dev"), line -> { },
                     new DevicePluginMetrics(new AgentMetrics(NODE).registry())), new DevicePools(SeedNodeFixture.CATALOG),
                     () -> local.observe().inventory(), kubeletDirectory, Clock.systemUTC());
             NodeAgent agent = new NodeAgent(client, NODE, new NodeReconciler(local, false), SeedNodeFixture.noVswitchd(temp),
                     metrics, Duration.ofMinutes(10), Duration.ofMinutes(10), Clock.systemUTC(), plugin, INTERVAL)) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));

            // Before the apply: the pools are registered, and none of their VFs is healthy (most do not exist yet).
            plugin.reconciled(node.nodeStateSpec(NODE));
            Map<String, BlockingQueue<ListAndWatchResponse>> lists = new HashMap<>();
            for (int i = 0; i < poolSpecs.size(); i++) {
                RegisterRequest registration = kubelet.nextRegistration(WITHIN_SECONDS);
                assertThat(registration).as("registration %d of %d", i + 1, poolSpecs.size()).isNotNull();
                assertThat(registration.getVersion()).isEqualTo("v1beta1");
                lists.put(registration.getResourceName(), kubelet.watch(registration.getEndpoint()));
            }
            assertThat(lists.keySet()).containsExactlyInAnyOrderElementsOf(poolSpecs.stream()
                    .map(p -> p.resourcePrefix() + "/" + p.resourceName()).toList());
            assertThat(kubelet.nextRegistration(1)).as("nothing else registers").isNull();
            for (BlockingQueue<ListAndWatchResponse> watch : lists.values()) {
                assertThat(next(watch, l -> true).getDevicesList()).noneMatch(AgentBuiltinDevicePluginTest::healthy);
            }
            if (poolSpecs.isEmpty()) {
                assertThat(plugin.status().message()).isEqualTo("no pool on this node");
                return;
            }

            NodeStateStatus applied = agent.reconcileOnce().orElseThrow();
            assertThat(applied.conditions().get(0).getStatus()).as(applied.lastError()).isEqualTo("True");
            PhysicalFunction pf = node.pfWithVfs();
            ResourcePoolSpec poolSpec = poolSpecs.get(0);
            String resource = poolSpec.resourcePrefix() + "/" + poolSpec.resourceName();
            List<String> expected = poolVfs(pf, poolSpec.vfRange());
            List<Device> ready = next(lists.get(resource), l -> l.getDevicesList().stream().allMatch(
                    AgentBuiltinDevicePluginTest::healthy)).getDevicesList();
            assertThat(ready).extracting(Device::getID).as("exactly the pool's VFs, by PCI address")
                    .containsExactlyElementsOf(expected);
            int numa = Integer.parseInt(Files.readString(node.host.sysfsRoot()
                    .resolve("bus/pci/devices/" + expected.get(0) + "/numa_node")).trim());
            assertThat(ready).allSatisfy(d -> assertThat(d.getTopology().getNodes(0).getID()).isEqualTo(numa));
            assertThat(applied.devicePlugin()).isEqualTo(new DevicePluginStatus("builtin",
                    List.of(resource + " " + expected.size() + "/" + expected.size() + " healthy"),
                    applied.devicePlugin().lastAdvertised(), "serving 1 pool(s) to the kubelet"));
            assertThat(applied.devicePlugin().lastAdvertised()).isNotNull();

            // The watch's first event reconciles once more; the node is broken only after that, or it would be repaired.
            double converged = lastApply(metrics);
            agent.start();
            await().atMost(Duration.ofSeconds(WITHIN_SECONDS)).until(() -> lastApply(metrics) > converged);
            VirtualFunction unbound = pf.vfs().stream().filter(vf -> vf.pciAddress().toString().equals(expected.get(0)))
                    .findFirst().orElseThrow();
            long changed = System.nanoTime();
            node.host.unbind(unbound.pciAddress(), unbound.driver());
            ListAndWatchResponse afterUnbind = next(lists.get(resource), l -> !healthy(l.getDevices(0)));
            assertThat((System.nanoTime() - changed) / 1e9).as("seconds to Unhealthy").isLessThan(WITHIN_SECONDS);
            assertThat(afterUnbind.getDevicesList().stream().filter(d -> !healthy(d))).extracting(Device::getID)
                    .containsExactly(expected.get(0));

            agent.reconcileOnce();
            next(lists.get(resource), l -> l.getDevicesList().stream().allMatch(AgentBuiltinDevicePluginTest::healthy));

            if (node.spec.eswitchMode() != null && node.spec.eswitchMode().equals("switchdev")) {
                changed = System.nanoTime();
                node.host.setEswitchMode(pf.pciAddress(), EswitchMode.LEGACY);
                next(lists.get(resource), l -> l.getDevicesList().stream().noneMatch(AgentBuiltinDevicePluginTest::healthy));
                assertThat((System.nanoTime() - changed) / 1e9).as("seconds to Unhealthy").isLessThan(WITHIN_SECONDS);
                agent.reconcileOnce();
                next(lists.get(resource), l -> l.getDevicesList().stream().allMatch(AgentBuiltinDevicePluginTest::healthy));
            }

            if (Boolean.TRUE.equals(poolSpec.isRdma())) {
                // What mlx5_ib makes for the VF (nicsim emulates no RDMA driver): its RDMA device, found by ibdev.
                Path sysfs = node.host.sysfsRoot();
                Files.createDirectories(sysfs.resolve("bus/pci/devices/" + expected.get(1) + "/infiniband/mlx5_7"));
                Files.writeString(Files.createDirectories(sysfs.resolve("class/infiniband_verbs/uverbs7")).resolve("ibdev"),
                        "mlx5_7\n");
            }
            ContainerAllocateResponse allocated = kubelet.plugin(socketName(poolSpec)).allocate(AllocateRequest.newBuilder()
                    .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds(expected.get(1))).build())
                    .getContainerResponses(0);
            String variable = ("PCIDEVICE_" + resource.replace('/', '_').replace('.', '_')).toUpperCase(Locale.ROOT);
            assertThat(allocated.getEnvsMap()).containsExactly(Map.entry(variable, expected.get(1)));
            JsonNode info = new ObjectMapper().readTree(deviceInfo.resolve(resource.replace('/', '-') + "-"
                    + expected.get(1) + "-device.json").toFile());
            assertThat(info.at("/pci/pci-address").asText()).isEqualTo(expected.get(1));
            assertThat(allocated.getDevicesList()).extracting(DeviceSpec::getHostPath).containsExactlyElementsOf(
                    Boolean.TRUE.equals(poolSpec.isRdma()) ? List.of(temp.resolve("dev/infiniband/uverbs7").toString())
                            : List.of());

            kubelet.restart();
            long restarted = System.nanoTime();
            RegisterRequest again = kubelet.nextRegistration(WITHIN_SECONDS);
            assertThat(again).as("registered again after the kubelet restart").isNotNull();
            assertThat(again.getResourceName()).isEqualTo(resource);
            assertThat((System.nanoTime() - restarted) / 1e9).isLessThan(WITHIN_SECONDS);
        }
    }

    private static double lastApply(AgentMetrics metrics) {
        Matcher value = LAST_APPLY.matcher(metrics.scrape());
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    private static List<String> poolVfs(PhysicalFunction pf, String range) {
        String[] bounds = range.split("-");
        int first = Integer.parseInt(bounds[0]);
        int last = Integer.parseInt(bounds[bounds.length - 1]);
        List<String> vfs = new ArrayList<>();
        for (VirtualFunction vf : pf.vfs()) {
            if (vf.index() >= first && vf.index() <= last) {
                vfs.add(vf.pciAddress().toString());
            }
        }
        return vfs;
    }

    private static String socketName(ResourcePoolSpec pool) {
        return "hwoffload_" + pool.resourcePrefix() + "_" + pool.resourceName() + ".sock";
    }

    private static boolean healthy(Device device) {
        return device.getHealth().equals("Healthy");
    }

    /** The next list that {@code wanted}, within 5 s; earlier ones (the loop's intermediate looks) are skipped. */
    private static ListAndWatchResponse next(BlockingQueue<ListAndWatchResponse> lists, Predicate<ListAndWatchResponse> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WITHIN_SECONDS);
        while (System.nanoTime() < deadline) {
            ListAndWatchResponse list = lists.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (list != null && wanted.test(list)) {
                return list;
            }
        }
        throw new AssertionError("no such ListAndWatch update within " + WITHIN_SECONDS + " s");
    }
}
