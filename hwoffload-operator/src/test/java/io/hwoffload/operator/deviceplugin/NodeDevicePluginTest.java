package io.hwoffload.operator.deviceplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.discovery.NodeDiscoverer;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.sysfs.SysfsTree;
import io.hwoffload.operator.deviceplugin.api.AllocateRequest;
import io.hwoffload.operator.deviceplugin.api.AllocateResponse;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateRequest;
import io.hwoffload.operator.deviceplugin.api.ContainerAllocateResponse;
import io.hwoffload.operator.deviceplugin.api.ContainerPreferredAllocationRequest;
import io.hwoffload.operator.deviceplugin.api.Device;
import io.hwoffload.operator.deviceplugin.api.DeviceSpec;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.PreferredAllocationRequest;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in device plugin against a fake kubelet, on nicsim nodes of the reference setups. */
class NodeDevicePluginTest {
    private static final NicCatalog CATALOG = NicCatalog.bundled();
    private static final HostVersions NO_VERSIONS = new HostVersions(null, null, null, null);
    private static final PciAddress CX5_PF = PciAddress.parse("0000:03:00.0");

    @Test
    void advertisesThePoolsVfsHealthyOnlyWhenOffloadReadyAndFollowsEachChange(@TempDir Path dir) throws Exception {
        Node node = Node.create(dir, "mellanox-connectx5", "mellanox-antrea.yaml");
        Path kubelet = Files.createDirectories(dir.resolve("device-plugins"));
        List<String> log = new ArrayList<>();
        try (FakeKubelet fake = new FakeKubelet(kubelet);
             NodeDevicePlugin plugin = new NodeDevicePlugin(kubelet, node.root, dir.resolve("devinfo"), dir.resolve("dev"),
                     log::add, metrics())) {
            plugin.update(node.pools());
            RegisterRequest registration = fake.nextRegistration(5);
            assertThat(registration).isNotNull();
            assertThat(registration.getVersion()).isEqualTo("v1beta1");
            assertThat(registration.getResourceName()).isEqualTo("mellanox.com/cx5_sriov_switchdev");
            assertThat(registration.getEndpoint()).isEqualTo("hwoffload_mellanox.com_cx5_sriov_switchdev.sock");
            assertThat(registration.getOptions().getGetPreferredAllocationAvailable()).isTrue();

            BlockingQueue<ListAndWatchResponse> lists = fake.watch(registration.getEndpoint());
            assertThat(next(lists).getDevicesList()).as("before apply: no VF exists").isEmpty();

            node.makeReady();
            plugin.update(node.pools());
            List<Device> ready = next(lists).getDevicesList();
            assertThat(ready).extracting(Device::getID)
                    .containsExactly("0000:03:00.2", "0000:03:00.3", "0000:03:00.4", "0000:03:00.5");
            assertThat(ready).allSatisfy(d -> {
                assertThat(d.getHealth()).isEqualTo("Healthy");
                assertThat(d.getTopology().getNodes(0).getID()).isEqualTo(0);
            });

            long changed = System.nanoTime();
            node.host.setEswitchMode(CX5_PF, EswitchMode.LEGACY);
            plugin.update(node.pools());
            assertThat(next(lists).getDevicesList()).allSatisfy(d -> assertThat(d.getHealth()).isEqualTo("Unhealthy"));
            assertThat((System.nanoTime() - changed) / 1e9).isLessThan(5);
            assertThat(log).anyMatch(l -> l.contains("0 of 4 VF(s) healthy") && l.contains("legacy mode"));

            node.makeReady();
            plugin.update(node.pools());
            assertThat(next(lists).getDevicesList()).allSatisfy(d -> assertThat(d.getHealth()).isEqualTo("Healthy"));

            plugin.update(node.pools());
            assertThat(lists.poll(300, TimeUnit.MILLISECONDS)).as("nothing changed, nothing sent").isNull();
        }
    }

    @Test
    void allocateGivesTheEnvironmentVariableDeviceInfoFileAndRdmaDevices(@TempDir Path dir) throws Exception {
        Node node = Node.create(dir, "mellanox-connectx5", "mellanox-antrea.yaml");
        node.makeReady();
        // What mlx5_ib makes for VF 0: its RDMA device and the char devices rdmamap finds by their ibdev.
        Files.createDirectories(node.root.resolve("bus/pci/devices/0000:03:00.2/infiniband/mlx5_2"));
        for (String entry : List.of("infiniband_verbs/uverbs2", "infiniband_mad/umad2", "infiniband_mad/issm2")) {
            Files.writeString(Files.createDirectories(node.root.resolve("class").resolve(entry)).resolve("ibdev"), "mlx5_2\n");
        }
        Files.writeString(Files.createDirectories(node.root.resolve("class/infiniband_verbs/uverbs3")).resolve("ibdev"),
                "mlx5_3\n");
        Path kubelet = Files.createDirectories(dir.resolve("device-plugins"));
        Path devinfo = dir.resolve("devinfo");
        Path dev = dir.resolve("dev");
        try (FakeKubelet fake = new FakeKubelet(kubelet);
             NodeDevicePlugin plugin = new NodeDevicePlugin(kubelet, node.root, devinfo, dev, line -> { }, metrics())) {
            plugin.update(node.pools());
            String endpoint = fake.nextRegistration(5).getEndpoint();
            AllocateResponse response = fake.plugin(endpoint).allocate(AllocateRequest.newBuilder()
                    .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("0000:03:00.2")).build());

            ContainerAllocateResponse container = response.getContainerResponses(0);
            assertThat(container.getEnvsMap()).containsExactlyEntriesOf(
                    java.util.Map.of("PCIDEVICE_MELLANOX_COM_CX5_SRIOV_SWITCHDEV", "0000:03:00.2"));
            assertThat(container.getDevicesList()).extracting(DeviceSpec::getHostPath).containsExactly(
                    dev.resolve("infiniband/uverbs2").toString(), dev.resolve("infiniband/issm2").toString(),
                    dev.resolve("infiniband/umad2").toString());
            assertThat(container.getDevicesList()).allSatisfy(d -> {
                assertThat(d.getContainerPath()).isEqualTo(d.getHostPath());
                assertThat(d.getPermissions()).isEqualTo("rw");
            });
            JsonNode info = new ObjectMapper().readTree(
                    devinfo.resolve("mellanox.com-cx5_sriov_switchdev-0000:03:00.2-device.json").toFile());
            assertThat(info.path("type").asText()).isEqualTo("pci");
            assertThat(info.path("version").asText()).isEqualTo("1.1.0");
            assertThat(info.at("/pci/pci-address").asText()).isEqualTo("0000:03:00.2");
            assertThat(info.at("/pci/rdma-device").asText()).isEqualTo("mlx5_2");

            List<String> preferred = fake.plugin(endpoint).getPreferredAllocation(PreferredAllocationRequest.newBuilder()
                    .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                            .addAllAvailableDeviceIDs(List.of("0000:03:00.5", "0000:03:00.3", "0000:03:00.4"))
                            .setAllocationSize(2)).build()).getContainerResponses(0).getDeviceIDsList();
            assertThat(preferred).containsExactly("0000:03:00.3", "0000:03:00.4");
        }
    }

    @Test
    void reRegistersWithinSecondsOfAKubeletRestart(@TempDir Path dir) throws Exception {
        Node node = Node.create(dir, "mellanox-connectx5", "mellanox-antrea.yaml");
        node.makeReady();
        Path kubelet = Files.createDirectories(dir.resolve("device-plugins"));
        try (FakeKubelet fake = new FakeKubelet(kubelet);
             NodeDevicePlugin plugin = new NodeDevicePlugin(kubelet, node.root, dir.resolve("devinfo"), dir.resolve("dev"),
                     line -> { }, metrics())) {
            plugin.update(node.pools());
            String endpoint = fake.nextRegistration(5).getEndpoint();

            fake.restart();
            long restarted = System.nanoTime();
            plugin.checkKubelet();
            RegisterRequest again = fake.nextRegistration(5);
            assertThat(again).isNotNull();
            assertThat(again.getEndpoint()).isEqualTo(endpoint);
            assertThat((System.nanoTime() - restarted) / 1e9).isLessThan(5);
            assertThat(next(fake.watch(endpoint)).getDevicesCount()).as("the endpoint serves again").isEqualTo(4);
            plugin.checkKubelet();
            assertThat(fake.nextRegistration(1)).as("registered once per kubelet").isNull();
        }
    }

    /** Seed 004: VF 0 is OVN-Kubernetes' management port, outside the pool: never offered to pods. */
    @Test
    void theManagementVfOfTheDpuHostIsNeverOffered(@TempDir Path dir) throws Exception {
        Node node = Node.create(dir, "nvidia-bluefield2-host", "bluefield2-ovn-kubernetes.yaml");
        PhysicalFunction pf = node.inventory().nics().get(0);
        node.host.writeNumVfs(pf.pciAddress(), 4);
        NodeInventory inventory = node.inventory();
        List<DevicePool> pools = new DevicePools(CATALOG).of(node.policies, inventory);
        VirtualFunction management = inventory.nics().get(0).vfs().get(0);
        assertThat(pools).singleElement().satisfies(pool -> {
            assertThat(pool.qualifiedName()).isEqualTo("mellanox.com/mlnx_sriov_cx6");
            assertThat(pool.devices()).extracting(d -> d.pciAddress().toString())
                    .hasSize(2).doesNotContain(management.pciAddress().toString());
        });
    }

    private static DevicePluginMetrics metrics() {
        return new DevicePluginMetrics(new SimpleMeterRegistry());
    }

    private static ListAndWatchResponse next(BlockingQueue<ListAndWatchResponse> lists) throws InterruptedException {
        ListAndWatchResponse list = lists.poll(5, TimeUnit.SECONDS);
        assertThat(list).as("a ListAndWatch update within 5 s").isNotNull();
        return list;
    }

    /** A nicsim node of a reference model with the seed's policies, discovered as the plugin's caller does. */
    private record Node(Path root, SimulatedHost host, List<OffloadPolicy> policies) {
        static Node create(Path dir, String model, String policyFile) throws Exception {
            Path root = dir.resolve("node");
            SimulatedHost host = NicsimTreeBuilder.bundled().create(root, model, NicsimBoot.DEFAULTS, false);
            Path file = Path.of("../examples/policies").resolve(policyFile);
            return new Node(root, host, PolicyReader.read(Files.readAllBytes(file), file.toString()));
        }

        NodeInventory inventory() {
            return new NodeDiscoverer(CATALOG, DeviceNames.none()).discover(new SysfsTree(root), host, NO_VERSIONS);
        }

        List<DevicePool> pools() {
            return new DevicePools(CATALOG).of(policies, inventory());
        }

        /** The ConnectX-5 sequence (sriov-network-operator's): VFs, unbind, switchdev, hw-tc-offload, bind. */
        void makeReady() {
            if (host.eswitchMode(CX5_PF) == EswitchMode.LEGACY && !inventory().nics().get(0).vfs().isEmpty()) {
                inventory().nics().get(0).vfs().forEach(vf -> host.unbind(vf.pciAddress(), "mlx5_core"));
                host.setEswitchMode(CX5_PF, EswitchMode.SWITCHDEV);
                inventory().nics().get(0).vfs().forEach(vf -> host.bind(vf.pciAddress(), "mlx5_core"));
                return;
            }
            host.writeNumVfs(CX5_PF, 4);
            inventory().nics().get(0).vfs().forEach(vf -> host.unbind(vf.pciAddress(), "mlx5_core"));
            host.setEswitchMode(CX5_PF, EswitchMode.SWITCHDEV);
            host.setFeature("enp3s0f0np0", "hw-tc-offload", true);
            inventory().nics().get(0).vfs().forEach(vf -> host.bind(vf.pciAddress(), "mlx5_core"));
        }
    }
}
