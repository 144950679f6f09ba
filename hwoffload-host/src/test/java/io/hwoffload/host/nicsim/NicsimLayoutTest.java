package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each seed model's tree is laid out like its seed and like the kernel's sysfs. */
class NicsimLayoutTest {
    private static final NicCatalog CATALOG = NicCatalog.bundled();
    private static final NicsimLayouts LAYOUTS = NicsimLayouts.bundled();

    @TempDir
    Path temp;

    private SimulatedHost create(String model) {
        return new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("node"), model, null, false);
    }

    static Stream<String> models() {
        return Stream.of("yusur-conflux-2200e", "corigine-agilio-cx", "yunsilicon-metascale", "mellanox-connectx5",
                "nvidia-bluefield2-host", "nvidia-bluefield2-dpu");
    }

    @Test
    void everySeedModelHasALayoutAndACatalogEntry() {
        assertThat(new NicsimTreeBuilder(CATALOG, LAYOUTS).models()).containsAll(models().toList());
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyNameALayoutCanProduceIsAnInterfaceName(String model) {
        NicsimLayout layout = LAYOUTS.layout(model).orElseThrow();
        int total = CATALOG.model(model).orElseThrow().maxVfs();
        for (NicsimLayout.PhysicalFunctionLayout pf : layout.physicalFunctions()) {
            for (int n = 0; pf.sriov() != null && n < total; n++) {
                assertThat(HostNames.isInterface(pf.vfNetdev().format(n))).as(pf.vfNetdev().format(n)).isTrue();
                if (pf.switchdev() != null && pf.switchdev().vfRepresentor() != null) {
                    assertThat(HostNames.isInterface(pf.switchdev().vfRepresentor().format(n))).isTrue();
                }
            }
            if (pf.hostSide() != null) {
                int hostTotal = CATALOG.model(pf.hostSide().model()).orElseThrow().maxVfs();
                for (int n = 0; n < hostTotal; n++) {
                    assertThat(HostNames.isInterface(pf.hostSide().vfRepresentor().format(n))).isTrue();
                    assertThat(HostNames.isInterface(pf.hostSide().vfNetdev().format(n))).isTrue();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void physicalFunctionsCarryTheCatalogIdsAndDrivers(String model) {
        SimulatedHost host = create(model);
        NicModel catalog = CATALOG.model(model).orElseThrow();
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        for (NicsimLayout.PhysicalFunctionLayout pf : LAYOUTS.layout(model).orElseThrow().physicalFunctions()) {
            String address = pf.address().toString();
            assertThat(tree.pci(address, "vendor")).isEqualTo("0x" + catalog.pf().vendor());
            assertThat(tree.pci(address, "device")).isEqualTo("0x" + catalog.pf().devices().get(0));
            assertThat(tree.pci(address, "class")).isEqualTo("0x020000");
            if (catalog.pf().driver() != null) {
                assertThat(tree.linkName("bus/pci/devices/" + address + "/driver")).isEqualTo(catalog.pf().driver());
            }
            assertThat(tree.linkText("class/net/" + pf.netdev() + "/device")).isEqualTo("../../../" + address);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyLinkIsRelativeAndResolvesInsideTheTreeAlsoAfterACopy(String model) throws IOException {
        SimulatedHost host = create(model);
        if (host.summary().physicalFunctions().get(0).totalVfs() > 0) {
            host.writeNumVfs(host.summary().physicalFunctions().get(0).address(), 2);
        }
        Path copy = temp.resolve("copy");
        try (Stream<Path> paths = Files.walk(host.sysfsRoot())) {
            for (Path path : paths.toList()) {
                Path target = copy.resolve(host.sysfsRoot().relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
        List<Path> links = new TreeFiles(copy).links();
        assertThat(links).isNotEmpty();
        for (Path link : links) {
            assertThat(Files.readSymbolicLink(link).isAbsolute()).as(link.toString()).isFalse();
            assertThat(Files.exists(link)).as(link + " resolves").isTrue();
            assertThat(link.toRealPath().startsWith(copy.toRealPath())).as(link + " stays in the tree").isTrue();
        }
    }

    @Test
    void yusurHasTwoPortsAndSevenVfsAtTheSeedsAddresses() {
        SimulatedHost host = create("yusur-conflux-2200e");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.list("bus/pci/devices")).containsExactly("0000:00:0a.0", "0000:00:0b.0");
        assertThat(tree.pci("0000:00:0a.0", "vendor")).isEqualTo("0x1f47");
        assertThat(tree.pci("0000:00:0a.0", "device")).isEqualTo("0x1001");
        assertThat(tree.pci("0000:00:0a.0", "sriov_totalvfs")).isEqualTo("256");
        assertThat(tree.linkText("class/net/p0")).isEqualTo("../../devices/pci0000:00/0000:00:0a.0/net/p0");
        assertThat(tree.linkName("bus/pci/devices/0000:00:0a.0/driver")).isEqualTo("nicsim_yusur");
        assertThat(host.eswitchMode(PciAddress.parse("0000:00:0a.0"))).isEqualTo(EswitchMode.UNSUPPORTED);

        host.writeNumVfs(PciAddress.parse("0000:00:0a.0"), 7);

        assertThat(tree.list("bus/pci/devices")).containsExactly("0000:00:0a.0", "0000:00:0a.1", "0000:00:0a.2",
                "0000:00:0a.3", "0000:00:0a.4", "0000:00:0a.5", "0000:00:0a.6", "0000:00:0a.7", "0000:00:0b.0");
        assertThat(tree.pci("0000:00:0a.1", "device")).isEqualTo("0x110f");
        assertThat(tree.pci("0000:00:0a.0", "sriov_vf_device")).isEqualTo("110f");
    }

    @Test
    void yusurRefusesAnEighthVfWhereTheSecondPortSits() {
        SimulatedHost host = create("yusur-conflux-2200e");

        assertThatThrownBy(() -> host.writeNumVfs(PciAddress.parse("0000:00:0a.0"), 8))
                .hasMessageContaining("EEXIST").hasMessageContaining("0000:00:0b.0");
        assertThat(new TreeFiles(host.sysfsRoot()).pci("0000:00:0a.0", "sriov_numvfs")).isEqualTo("0");
    }

    /**
     * nfp flower (flower/main.c nfp_flower_vnic_init): the physical port's representor under the PF, then always a
     * representor of the PF (pf0), then one per VF, both without a parent device: devices/virtual/net, kernel-named.
     */
    @Test
    void corigineRunsSwitchdevFromBootWithAPhysicalPortRepresentor() {
        SimulatedHost host = create("corigine-agilio-cx");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        PciAddress pf = PciAddress.parse("0000:04:00.0");
        assertThat(tree.pci(pf.toString(), "vendor")).isEqualTo("0x19ee");
        assertThat(tree.pci(pf.toString(), "device")).isEqualTo("0x4000");
        assertThat(tree.pci(pf.toString(), "sriov_totalvfs")).isEqualTo("65");
        assertThat(tree.list("class/net")).containsExactly("ens47", "ens47np0", "eth0");
        assertThat(tree.linkText("class/net/ens47np0")).contains("0000:04:00.0/net/ens47np0");
        assertThat(tree.linkText("class/net/eth0")).isEqualTo("../../devices/virtual/net/eth0");
        assertThat(tree.netdev("eth0", "phys_port_name")).isEqualTo("pf0");
        assertThat(tree.netdev("eth0", "phys_switch_id")).isEqualTo("00154d134c2a");
        assertThat(tree.netdevHas("ens47", "phys_port_name")).isFalse();
        assertThat(tree.netdev("ens47np0", "phys_port_name")).isEqualTo("p0");
        assertThat(tree.netdev("ens47np0", "phys_switch_id")).isEqualTo("00154d134c2a");
        assertThat(host.eswitchMode(pf)).isEqualTo(EswitchMode.SWITCHDEV);

        host.writeNumVfs(pf, 4);

        assertThat(tree.linkName("bus/pci/devices/0000:04:08.0/driver")).isEqualTo("nfp_netvf");
        assertThat(tree.pci("0000:04:08.0", "device")).isEqualTo("0x6003");
        assertThat(tree.pci("0000:04:08.3", "device")).isEqualTo("0x6003");
        assertThatThrownBy(() -> host.setEswitchMode(pf, EswitchMode.SWITCHDEV)).as("flower has no eswitch_mode_set")
                .hasMessageContaining("EOPNOTSUPP");
        assertThat(tree.netdev("eth4", "phys_port_name")).isEqualTo("pf0vf3");
        assertThat(tree.netdev("eth4", "phys_switch_id")).isEqualTo("00154d134c2a");
        assertThat(tree.linkText("class/net/eth4")).isEqualTo("../../devices/virtual/net/eth4");
        assertThat(tree.list("class/net")).contains("ens47v0", "ens47v3", "eth1");

        host.writeNumVfs(pf, 0);
        assertThat(tree.list("class/net")).containsExactly("ens47", "ens47np0", "eth0");
    }

    @Test
    void yunsiliconSitsBehindTheSeedsBridgeWithTenVfsUpToB3_01_3() {
        SimulatedHost host = create("yunsilicon-metascale");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.linkText("class/net/p3p1")).isEqualTo("../../devices/pci0000:b2/0000:b2:00.0/0000:b3:00.0/net/p3p1");
        assertThat(tree.pci("0000:b3:00.0", "vendor")).isEqualTo("0x1f67");
        assertThat(tree.pci("0000:b3:00.0", "device")).isEqualTo("0x1111");
        assertThat(tree.pci("0000:b3:00.1", "device")).isEqualTo("0x1111");
        assertThat(tree.read("class/net/p3p1/device/sriov_totalvfs")).isEqualTo("512");

        host.writeNumVfs(PciAddress.parse("0000:b3:00.0"), 10);

        assertThat(tree.list("bus/pci/devices")).containsExactly("0000:b3:00.0", "0000:b3:00.1", "0000:b3:00.2",
                "0000:b3:00.3", "0000:b3:00.4", "0000:b3:00.5", "0000:b3:00.6", "0000:b3:00.7", "0000:b3:01.0",
                "0000:b3:01.1", "0000:b3:01.2", "0000:b3:01.3");
        assertThat(tree.pci("0000:b3:01.3", "device")).isEqualTo("0x1112");
        assertThat(tree.linkText("bus/pci/devices/0000:b3:00.0/virtfn9")).isEqualTo("../0000:b3:01.3");
    }

    @Test
    void connectx5HasTheSeedsPfAndVfAddresses() {
        SimulatedHost host = create("mellanox-connectx5");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.netdev("enp3s0f0", "address")).isEqualTo("b8:59:9f:8f:3f:b8");
        assertThat(tree.read("class/net/enp3s0f0/device/sriov_totalvfs")).isEqualTo("8");
        assertThat(tree.pci("0000:03:00.0", "device")).isEqualTo("0x1017");
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f1");
        assertThat(host.eswitchMode(PciAddress.parse("0000:03:00.0"))).isEqualTo(EswitchMode.LEGACY);

        host.writeNumVfs(PciAddress.parse("0000:03:00.0"), 4);

        for (int fn = 2; fn <= 5; fn++) {
            String vf = "0000:03:00." + fn;
            assertThat(tree.pci(vf, "device")).isEqualTo("0x1018");
            assertThat(tree.linkName("bus/pci/devices/" + vf + "/driver")).isEqualTo("mlx5_core");
            assertThat(tree.linkText("bus/pci/devices/" + vf + "/physfn")).isEqualTo("../0000:03:00.0");
        }
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f0v0", "enp3s0f0v1", "enp3s0f0v2",
                "enp3s0f0v3", "enp3s0f1");
    }

    @Test
    void bluefieldHostHasNoEswitchOfItsOwn() {
        SimulatedHost host = create("nvidia-bluefield2-host");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        PciAddress pf = PciAddress.parse("0000:02:00.0");
        assertThat(tree.netdev("enp2s0f0np0", "address")).isEqualTo("10:70:fd:09:81:aa");
        assertThat(tree.netdev("enp2s0f0np0", "phys_port_name")).isEqualTo("p0");
        assertThat(tree.netdevHas("enp2s0f0np0", "phys_switch_id")).isFalse();
        assertThat(tree.read("class/net/enp2s0f0np0/device/sriov_totalvfs")).isEqualTo("16");
        assertThat(host.eswitchMode(pf)).isEqualTo(EswitchMode.UNSUPPORTED);

        host.writeNumVfs(pf, 3);

        assertThat(tree.list("bus/pci/devices")).containsExactly("0000:02:00.0", "0000:02:00.3", "0000:02:00.4", "0000:02:00.5");
        assertThat(tree.pci("0000:02:00.4", "device")).isEqualTo("0x101e");
        assertThat(tree.pci("0000:02:00.4", "subsystem_device")).isEqualTo("0x0062");
        assertThat(tree.list("class/net")).containsExactly("enp2s0f0np0", "enp2s0f0v0", "enp2s0f0v1", "enp2s0f0v2");
        assertThatThrownBy(() -> host.setEswitchMode(pf, EswitchMode.SWITCHDEV))
                .hasMessageContaining("Operation not supported");
    }

    @Test
    void bluefieldDpuShowsTheUplinkAndTheHostsRepresentors() {
        SimulatedHost host = create("nvidia-bluefield2-dpu");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        assertThat(tree.list("class/net")).containsExactly("p0", "pf0hpf", "pf0vf0", "pf0vf1", "pf0vf2");
        assertThat(tree.netdev("p0", "phys_port_name")).isEqualTo("p0");
        String switchId = tree.netdev("p0", "phys_switch_id");
        assertThat(switchId).isNotEmpty();
        assertThat(tree.netdev("pf0hpf", "phys_port_name")).isEqualTo("c1pf0");
        assertThat(tree.netdev("pf0vf2", "phys_port_name")).isEqualTo("c1pf0vf2");
        assertThat(tree.netdev("pf0vf2", "phys_switch_id")).isEqualTo(switchId);
        assertThat(tree.linkText("class/net/pf0hpf")).isEqualTo(
                "../../devices/pci0000:00/0000:00:00.0/0000:01:00.0/0000:02:00.0/0000:03:00.0/net/pf0hpf");
        assertThat(tree.exists("bus/pci/devices/0000:03:00.0/sriov_totalvfs")).isFalse();
        assertThat(host.eswitchMode(PciAddress.parse("0000:03:00.0"))).isEqualTo(EswitchMode.SWITCHDEV);
    }

    @Test
    void bluefieldDpuRepresentsAsManyHostVfsAsAsked() {
        SimulatedHost host = new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("dpu"), "nvidia-bluefield2-dpu", 5, false);

        assertThat(new TreeFiles(host.sysfsRoot()).list("class/net")).contains("pf0vf4").doesNotContain("pf0vf5");
        assertThatThrownBy(() -> new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("x"), "nvidia-bluefield2-dpu", 17, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 16");
        assertThatThrownBy(() -> new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("y"), "mellanox-connectx5", 2, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DPU");
    }

    @Test
    void iommuGroupsAreLinkedBothWays() {
        SimulatedHost host = create("mellanox-connectx5");
        host.writeNumVfs(PciAddress.parse("0000:03:00.0"), 2);
        TreeFiles tree = new TreeFiles(host.sysfsRoot());

        assertThat(tree.linkName("bus/pci/devices/0000:03:00.0/iommu_group")).isEqualTo("30");
        assertThat(tree.list("kernel/iommu_groups/30/devices")).containsExactly("0000:03:00.0");
        String vfGroup = tree.linkName("bus/pci/devices/0000:03:00.2/iommu_group");
        assertThat(Integer.parseInt(vfGroup)).isGreaterThan(31);
        assertThat(tree.list("kernel/iommu_groups/" + vfGroup + "/devices")).containsExactly("0000:03:00.2");
        assertThat(tree.pci("0000:03:00.2", "numa_node")).isEqualTo("0");
    }

    @Test
    void unknownModelListsTheChoices() {
        assertThatThrownBy(() -> create("intel-e810"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mellanox-connectx5").hasMessageContaining("nvidia-bluefield2-dpu");
        assertThat(temp.resolve("node")).doesNotExist();
    }
}
