package io.hwoffload.host.discovery;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.Finding;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.sysfs.SysfsTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Discovery on sysfs trees copied from (or written after) real hosts: src/test/sysfs/README.md. */
class NodeDiscovererFixtureTest {
    private static final HostVersions NO_VERSIONS = new HostVersions(null, null, null, null);
    private final NodeDiscoverer discoverer = new NodeDiscoverer(NicCatalog.bundled(), DeviceNames.none());

    private NodeInventory discover(String fixture, FakeNetlink netlink) {
        return discoverer.discover(new SysfsTree(Path.of("src/test/sysfs", fixture)), netlink, NO_VERSIONS);
    }

    /** Git keeps no empty directory, so a fixture that needs one would dangle in a fresh clone. */
    @ParameterizedTest
    @ValueSource(strings = {"virtio-vm", "connectx5-switchdev",
            "connectx5-switchdev-old-kernel", "bluefield2-dpu-legacy-names"})
    void fixturesHaveNoDanglingLinkAndNoEmptyDirectory(String fixture) throws Exception {
        try (Stream<Path> paths = Files.walk(Path.of("src/test/sysfs", fixture))) {
            assertThat(paths.filter(p -> Files.isSymbolicLink(p) ? !Files.exists(p)
                    : Files.isDirectory(p) && isEmpty(p))).isEmpty();
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void realVirtioVmHasOneEthernetFunctionWithoutSriov() {
        NodeInventory inventory = discover("virtio-vm", new FakeNetlink());

        assertThat(inventory.nics()).singleElement().satisfies(nic -> {
            assertThat(nic.pciAddress()).isEqualTo(PciAddress.parse("0000:00:03.0"));
            assertThat(nic.vendorId()).isEqualTo("1af4");
            assertThat(nic.deviceId()).isEqualTo("1041");
            assertThat(nic.driver()).isEqualTo("virtio-pci");
            assertThat(nic.netdev()).as("virtio-net's netdev sits under virtioN/net").isEqualTo("eth0");
            assertThat(nic.link().operstate()).isEqualTo("up");
            assertThat(nic.sriov()).isNull();
            assertThat(nic.model()).isNull();
            assertThat(nic.numaNode()).as("numa_node -1 means none").isNull();
            assertThat(nic.vfs()).isEmpty();
            assertThat(nic.representors()).isEmpty();
        });
        assertThat(inventory.findings()).isEmpty();
    }

    @Test
    void connectX5InSwitchdevHasVfsWithTheirRepresentors() {
        NodeInventory inventory = discover("connectx5-switchdev", new FakeNetlink()
                .mode("0000:03:00.0", EswitchMode.SWITCHDEV).mode("0000:03:00.1", EswitchMode.LEGACY)
                .feature("enp3s0f0", "hw-tc-offload", true));

        assertThat(inventory.nics()).extracting(PhysicalFunction::netdev).containsExactly("enp3s0f0", "enp3s0f1");
        PhysicalFunction pf0 = inventory.nics().get(0);
        assertThat(pf0.model()).isEqualTo("mellanox-connectx5");
        assertThat(pf0.driver()).isEqualTo("mlx5_core");
        assertThat(pf0.numaNode()).isZero();
        assertThat(pf0.iommuGroup()).isEqualTo(30);
        assertThat(pf0.link().mac()).isEqualTo("a0:36:9f:8f:3f:b8");
        assertThat(pf0.sriov().totalVfs()).isEqualTo(8);
        assertThat(pf0.sriov().numVfs()).isEqualTo(2);
        assertThat(pf0.sriov().vfDeviceId()).isEqualTo("1018");
        assertThat(pf0.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(pf0.hwTcOffload()).isTrue();
        assertThat(pf0.uplink()).isEqualTo("enp3s0f0");
        assertThat(pf0.vfs()).extracting(VirtualFunction::index, v -> v.pciAddress().toString(), VirtualFunction::netdev,
                        VirtualFunction::representor, VirtualFunction::driver, VirtualFunction::deviceId)
                .containsExactly(tuple(0, "0000:03:00.2", "enp3s0f0v0", "enp3s0f0_0", "mlx5_core", "1018"),
                        tuple(1, "0000:03:00.3", "enp3s0f0v1", "enp3s0f0_1", "mlx5_core", "1018"));
        assertThat(pf0.representors()).extracting(Representor::netdev, Representor::flavour, Representor::external)
                .containsExactly(tuple("enp3s0f0_0", Representor.Flavour.VF, false),
                        tuple("enp3s0f0_1", Representor.Flavour.VF, false));

        PhysicalFunction pf1 = inventory.nics().get(1);
        assertThat(pf1.eswitchMode()).isEqualTo(EswitchMode.LEGACY);
        assertThat(pf1.uplink()).as("a legacy PF has no switchdev port").isNull();
        assertThat(pf1.vfs()).isEmpty();
        assertThat(pf1.hwTcOffload()).as("not reported by the fake: unknown").isNull();
        assertThat(inventory.findings()).isEmpty();
    }

    @Test
    void oldKernelBareNumberRepresentorsAreFound() {
        NodeInventory inventory = discover("connectx5-switchdev-old-kernel", new FakeNetlink());

        assertThat(inventory.nics().get(0).vfs()).extracting(VirtualFunction::representor)
                .containsExactly("enp3s0f0_0", "enp3s0f0_1");
    }

    @Test
    void dpuArmSideWithoutControllerNumbersShowsHostRepresentors() {
        NodeInventory inventory = discover("bluefield2-dpu-legacy-names",
                new FakeNetlink().mode("0000:03:00.0", EswitchMode.SWITCHDEV));

        PhysicalFunction p0 = inventory.nics().get(0);
        assertThat(p0.model()).as("a2d6 with a host-PF representor is the DPU side").isEqualTo("nvidia-bluefield2-dpu");
        assertThat(p0.uplink()).isEqualTo("p0");
        assertThat(p0.representors()).extracting(Representor::netdev, Representor::flavour, Representor::pfIndex,
                        Representor::vfIndex, Representor::external)
                .containsExactly(tuple("pf0hpf", Representor.Flavour.PF, 0, null, true),
                        tuple("pf0vf0", Representor.Flavour.VF, 0, 0, true),
                        tuple("pf0vf1", Representor.Flavour.VF, 0, 1, true),
                        tuple("pf0vf2", Representor.Flavour.VF, 0, 2, true));
        assertThat(p0.vfs()).isEmpty();
    }

    @Test
    void aNetdevNameNoInterfaceCanHaveIsAFinding(@TempDir Path temp) throws Exception {
        Path root = temp.resolve("sys");
        Files.createDirectories(root.resolve("class/net/eth+0-is-far-too-long"));
        NodeInventory inventory = discoverer.discover(new SysfsTree(root), new FakeNetlink(), NO_VERSIONS);
        assertThat(inventory.findings()).extracting(Finding::subject).containsExactly("class/net/eth+0-is-far-too-long");
    }

    @Test
    void brokenTreeGivesFindingsNotExceptions() {
        NodeInventory inventory = discover("broken", new FakeNetlink());

        assertThat(inventory.nics()).singleElement().satisfies(nic -> {
            assertThat(nic.pciAddress()).isEqualTo(PciAddress.parse("0000:06:00.0"));
            assertThat(nic.driver()).isNull();
            assertThat(nic.netdev()).isEqualTo("enp6s0");
            assertThat(nic.sriov().totalVfs()).isEqualTo(8);
            assertThat(nic.vfs()).isEmpty();
        });
        assertThat(inventory.findings()).extracting(Finding::subject).containsExactlyInAnyOrder(
                "class/net/ghost0",
                "bus/pci/devices/not-a-pci-address",
                "bus/pci/devices/0000:05:00.0/vendor",
                "bus/pci/devices/0000:06:00.0/driver",
                "bus/pci/devices/0000:06:00.0/sriov_numvfs",
                "bus/pci/devices/0000:06:00.0/virtfn0");
        assertThat(inventory.findings()).allSatisfy(f -> assertThat(f.message()).isNotBlank());
    }
}
