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
        return create(model, NicsimBoot.DEFAULTS);
    }

    private SimulatedHost create(String model, NicsimBoot boot) {
        return new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("node"), model, boot, false);
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
        for (NicsimSummary.PhysicalFunction pf : host.summary().physicalFunctions()) {
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
        SimulatedHost host = create("corigine-agilio-cx", NicsimBoot.firmware("flower"));
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
        assertThat(tree.pci("0000:04:08.3", "subsystem_device")).as("the board's id").isEqualTo("0x4001");
        assertThat(host.feature("ens47v0", "hw-tc-offload")).as("nfp_netvf: off [fixed]").contains(false);
        assertThatThrownBy(() -> host.setFeature("ens47v0", "hw-tc-offload", true))
                .hasMessageContaining("Could not change any device features").hasMessageContaining("[fixed]");
        assertThat(host.feature("eth1", "hw-tc-offload")).as("a representor has it on").contains(true);
        assertThat(host.feature("ens47np0", "hw-tc-offload")).contains(true);
        assertThatThrownBy(() -> host.setEswitchMode(pf, EswitchMode.SWITCHDEV)).as("flower has no eswitch_mode_set")
                .hasMessageContaining("EOPNOTSUPP");
        assertThat(tree.netdev("eth4", "phys_port_name")).isEqualTo("pf0vf3");
        assertThat(tree.netdev("eth4", "phys_switch_id")).isEqualTo("00154d134c2a");
        assertThat(tree.linkText("class/net/eth4")).isEqualTo("../../devices/virtual/net/eth4");
        assertThat(tree.list("class/net")).contains("ens47v0", "ens47v3", "eth1");

        host.writeNumVfs(pf, 0);
        assertThat(tree.list("class/net")).containsExactly("ens47", "ens47np0", "eth0");
    }

    /**
     * As the card ships: CoreNIC, whose vNIC is the port's own netdev (ens47np0: phys_port_name p0 and the card's
     * serial as switch id, from its devlink port), no eSwitch operations (devlink EOPNOTSUPP) and no representors.
     * The vendor's firmware link and a driver reload bring flower; the VFs go with the reload.
     */
    @Test
    void corigineShipsWithCoreNicAndTheFirmwareStepBringsFlower() {
        SimulatedHost host = create("corigine-agilio-cx");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        PciAddress pf = PciAddress.parse("0000:04:00.0");
        assertThat(tree.list("class/net")).containsExactly("ens47np0");
        assertThat(tree.netdev("ens47np0", "phys_port_name")).isEqualTo("p0");
        assertThat(tree.netdev("ens47np0", "phys_switch_id")).isEqualTo("00154d134c2a");
        assertThat(tree.pci(pf.toString(), "subsystem_device")).isEqualTo("0x4001");
        assertThat(host.eswitchMode(pf)).isEqualTo(EswitchMode.UNSUPPORTED);
        assertThat(host.summary().physicalFunctions().get(0).firmware()).contains("nic");
        assertThatThrownBy(() -> host.setEswitchMode(pf, EswitchMode.SWITCHDEV))
                .hasMessage("devlink dev eswitch set pci/0000:04:00.0 mode switchdev failed: Operation not supported"
                        + " (EOPNOTSUPP): the nic firmware 0000:04:00.0 runs has no eSwitch operations; the flower"
                        + " firmware runs the eSwitch");
        assertThat(host.feature("ens47np0", "hw-tc-offload")).as("CoreNIC has no setup_tc: off [fixed]").contains(false);
        host.writeNumVfs(pf, 2);
        assertThat(tree.list("class/net")).containsExactly("ens47np0", "ens47v0", "ens47v1");

        host.linkFirmware(pf, "flower");
        assertThat(tree.linkText(".nicsim/lib/firmware/netronome/pci-0000:04:00.0.nffw")).isEqualTo("flower/nic_AMDA0097.nffw");
        assertThat(host.eswitchMode(pf)).as("the link counts at the next probe").isEqualTo(EswitchMode.UNSUPPORTED);

        host.reloadDriver("nfp");

        assertThat(host.eswitchMode(pf)).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(tree.pci(pf.toString(), "sriov_numvfs")).as("the reload removed the VFs").isEqualTo("0");
        assertThat(tree.list("class/net")).containsExactly("ens47", "ens47np0", "eth0");
        assertThat(host.summary().physicalFunctions().get(0).firmware()).contains("flower");
        assertThatThrownBy(() -> host.linkFirmware(pf, "bpf")).hasMessageContaining("not bpf");
    }

    /** With no driver the PCI core shows the capability's TotalVFs again; nfp lowers it to the firmware's on probe. */
    @Test
    void anUnboundNfpPfShowsTheCapabilitysTotalVfs() {
        SimulatedHost host = create("corigine-agilio-cx");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        PciAddress pf = PciAddress.parse("0000:04:00.0");
        assertThat(tree.pci(pf.toString(), "sriov_totalvfs")).isEqualTo("65");

        host.unbind(pf, "nfp");
        assertThat(tree.pci(pf.toString(), "sriov_totalvfs")).isEqualTo("128");
        assertThat(host.eswitchMode(pf)).as("no devlink instance").isEqualTo(EswitchMode.UNSUPPORTED);

        host.bind(pf, "nfp");
        assertThat(tree.pci(pf.toString(), "sriov_totalvfs")).isEqualTo("65");
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
        SimulatedHost host = create("mellanox-connectx5", NicsimBoot.kernel("5.4"));
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

    /**
     * A current kernel: mlx5 gives the PF a PHYSICAL devlink port in legacy mode too (since 5.7 its phys_port_name,
     * since 5.13 the switch id), so udev names it enp3s0f0np0; VFs keep their PF-path names. Representors start with
     * hw-tc-offload on, the PF and VFs with it off.
     */
    @Test
    void connectx5OnACurrentKernelIsEnp3s0f0np0EvenInLegacyMode() {
        SimulatedHost host = create("mellanox-connectx5");
        TreeFiles tree = new TreeFiles(host.sysfsRoot());
        PciAddress pf = PciAddress.parse("0000:03:00.0");
        assertThat(host.eswitchMode(pf)).isEqualTo(EswitchMode.LEGACY);
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0np0", "enp3s0f1np1");
        assertThat(tree.netdev("enp3s0f0np0", "phys_port_name")).isEqualTo("p0");
        assertThat(tree.netdev("enp3s0f0np0", "phys_switch_id")).isEqualTo("b8599f03008f3fb8");
        assertThat(tree.netdev("enp3s0f1np1", "phys_port_name")).isEqualTo("p1");
        host.writeNumVfs(pf, 2);
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0np0", "enp3s0f0v0", "enp3s0f0v1", "enp3s0f1np1");
        assertThat(tree.netdevHas("enp3s0f0v0", "phys_port_name")).as("a VF's devlink port is VIRTUAL: EOPNOTSUPP").isFalse();
        assertThat(host.feature("enp3s0f0np0", "hw-tc-offload")).contains(false);

        host.writeNumVfs(pf, 0);
        host.setEswitchMode(pf, EswitchMode.SWITCHDEV);
        host.writeNumVfs(pf, 2);
        assertThat(tree.list("class/net")).contains("enp3s0f0npf0vf0", "enp3s0f0npf0vf1");
        assertThat(host.feature("enp3s0f0npf0vf1", "hw-tc-offload")).as("mlx5e_build_rep_netdev").contains(true);

        SimulatedHost older = new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("5.10"), "mellanox-connectx5",
                NicsimBoot.kernel("5.10"), false);
        TreeFiles olderTree = new TreeFiles(older.sysfsRoot());
        assertThat(olderTree.netdev("enp3s0f0np0", "phys_port_name")).isEqualTo("p0");
        assertThat(olderTree.netdevHas("enp3s0f0np0", "phys_switch_id")).as("switch id in legacy from 5.13").isFalse();
        assertThatThrownBy(() -> new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("bad"), "mellanox-connectx5",
                NicsimBoot.kernel("six"), false)).hasMessageContaining("kernel 'six'");
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
        SimulatedHost host = new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("dpu"), "nvidia-bluefield2-dpu", NicsimBoot.hostVfs(5), false);

        assertThat(new TreeFiles(host.sysfsRoot()).list("class/net")).contains("pf0vf4").doesNotContain("pf0vf5");
        assertThatThrownBy(() -> new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("x"), "nvidia-bluefield2-dpu", NicsimBoot.hostVfs(17), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 16");
        assertThatThrownBy(() -> new NicsimTreeBuilder(CATALOG, LAYOUTS).create(temp.resolve("y"), "mellanox-connectx5", NicsimBoot.hostVfs(2), false))
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
