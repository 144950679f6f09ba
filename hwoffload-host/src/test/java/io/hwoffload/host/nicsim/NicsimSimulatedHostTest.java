package io.hwoffload.host.nicsim;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SimulatedHost reacts to each mutation as the kernel does, on a ConnectX-5 tree unless a test says otherwise. */
class NicsimSimulatedHostTest {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");
    private static final PciAddress VF0 = PciAddress.parse("0000:03:00.2");
    private static final PciAddress VF3 = PciAddress.parse("0000:03:00.5");

    @TempDir
    Path temp;

    private SimulatedHost host;
    private TreeFiles tree;

    /** On the seed's kernel (before 5.7): the PF is enp3s0f0 and has no devlink port in legacy mode. */
    @BeforeEach
    void createConnectX5() {
        host = NicsimTreeBuilder.bundled().create(temp.resolve("node"), "mellanox-connectx5", NicsimBoot.kernel("5.4"), false);
        tree = new TreeFiles(host.sysfsRoot());
    }

    @Test
    void writingNumVfsCreatesBoundVfsWithLinksBothWaysAndNetdevs() {
        host.writeNumVfs(PF, 4);

        assertThat(tree.pci(PF.toString(), "sriov_numvfs")).isEqualTo("4");
        assertThat(tree.virtfns(PF.toString())).containsExactly("virtfn0", "virtfn1", "virtfn2", "virtfn3");
        assertThat(tree.linkText("bus/pci/devices/0000:03:00.0/virtfn3")).isEqualTo("../0000:03:00.5");
        assertThat(tree.linkText("bus/pci/devices/0000:03:00.5/physfn")).isEqualTo("../0000:03:00.0");
        assertThat(tree.list("bus/pci/drivers/mlx5_core")).contains("0000:03:00.2", "0000:03:00.5", "bind", "unbind");
        assertThat(tree.linkText("class/net/enp3s0f0v3/device")).isEqualTo("../../../0000:03:00.5");
        assertThat(tree.netdevHas("enp3s0f0v3", "phys_port_name")).isFalse();
        assertThat(tree.netdev("enp3s0f0v3", "operstate")).isEqualTo("down");
    }

    @Test
    void changingANonZeroCountToAnotherFailsWithEbusyAndChangesNothing() {
        host.writeNumVfs(PF, 4);

        assertThatThrownBy(() -> host.writeNumVfs(PF, 2))
                .isInstanceOf(HostException.class)
                .hasMessageContaining("sriov_numvfs").hasMessageContaining("EBUSY").hasMessageContaining("write 0 first");
        assertThat(tree.pci(PF.toString(), "sriov_numvfs")).isEqualTo("4");
        assertThat(tree.virtfns(PF.toString())).hasSize(4);

        host.writeNumVfs(PF, 4);   // the same count again is fine, as in the kernel
        host.writeNumVfs(PF, 0);
        host.writeNumVfs(PF, 2);
        assertThat(tree.virtfns(PF.toString())).hasSize(2);
        assertThat(tree.list("bus/pci/devices")).doesNotContain("0000:03:00.4", "0000:03:00.5");
    }

    @Test
    void writingZeroRemovesEveryVfTraceIncludingIommuGroups() {
        host.writeNumVfs(PF, 3);
        host.writeNumVfs(PF, 0);

        assertThat(tree.list("bus/pci/devices")).containsExactly("0000:03:00.0", "0000:03:00.1");
        assertThat(tree.list("bus/pci/drivers/mlx5_core")).containsExactly("0000:03:00.0", "0000:03:00.1", "bind", "unbind");
        assertThat(tree.list("kernel/iommu_groups")).containsExactly("30", "31");
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f1");
    }

    @Test
    void moreThanTotalVfsIsOutOfRange() {
        assertThatThrownBy(() -> host.writeNumVfs(PF, 9))
                .hasMessageContaining("ERANGE").hasMessageContaining("sriov_totalvfs 8");
        assertThat(tree.pci(PF.toString(), "sriov_numvfs")).isEqualTo("0");
    }

    @Test
    void aDeviceWithoutSriovHasNoNumVfsFile() {
        host.writeNumVfs(PF, 1);
        assertThatThrownBy(() -> host.writeNumVfs(VF0, 1)).hasMessageContaining("ENOENT").hasMessageContaining("no SR-IOV");
        assertThatThrownBy(() -> host.writeNumVfs(PciAddress.parse("0000:05:00.0"), 1)).hasMessageContaining("no PCI device");
    }

    @Test
    void unbindRemovesTheDriverLinkAndTheNetdevAndBindRestoresThem() {
        host.writeNumVfs(PF, 4);
        String mac = tree.netdev("enp3s0f0v0", "address");

        host.unbind(VF0, "mlx5_core");

        assertThat(tree.exists("bus/pci/devices/0000:03:00.2/driver")).isFalse();
        assertThat(tree.exists("bus/pci/drivers/mlx5_core/0000:03:00.2")).isFalse();
        assertThat(tree.exists("class/net/enp3s0f0v0")).isFalse();
        assertThat(tree.exists("bus/pci/devices/0000:03:00.2/physfn")).isTrue();

        host.bind(VF0, "mlx5_core");

        assertThat(tree.linkName("bus/pci/devices/0000:03:00.2/driver")).isEqualTo("mlx5_core");
        assertThat(tree.netdev("enp3s0f0v0", "address")).isEqualTo(mac);
    }

    @Test
    void unbindAndBindFailLikeTheKernelWhenTheDeviceIsNotInThatState() {
        host.writeNumVfs(PF, 1);
        host.unbind(VF0, "mlx5_core");

        assertThatThrownBy(() -> host.unbind(VF0, "mlx5_core"))
                .hasMessageContaining("ENODEV").hasMessageContaining("not bound to mlx5_core (it has no driver)");
        assertThatThrownBy(() -> host.unbind(PF, "vfio-pci")).hasMessageContaining("no driver vfio-pci is loaded");
        host.bind(VF0, "mlx5_core");
        assertThatThrownBy(() -> host.bind(VF0, "mlx5_core")).hasMessageContaining("EBUSY").hasMessageContaining("already bound");
    }

    @Test
    void switchdevAddsUplinkAttributesAndRepresentorsAndLegacyRemovesThem() {
        host.writeNumVfs(PF, 4);

        host.setEswitchMode(PF, EswitchMode.SWITCHDEV);

        assertThat(host.eswitchMode(PF)).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(tree.netdev("enp3s0f0", "phys_port_name")).isEqualTo("p0");
        String switchId = tree.netdev("enp3s0f0", "phys_switch_id");
        assertThat(switchId).isEqualTo("b8599f03008f3fb8");
        for (int n = 0; n < 4; n++) {
            String representor = "enp3s0f0npf0vf" + n;
            assertThat(tree.netdev(representor, "phys_port_name")).isEqualTo("pf0vf" + n);
            assertThat(tree.netdev(representor, "phys_switch_id")).isEqualTo(switchId);
            assertThat(tree.linkText("class/net/" + representor)).startsWith("../../devices/pci0000:00/0000:00:03.0/0000:03:00.0/net/");
        }
        assertThat(tree.netdevHas("enp3s0f1", "phys_port_name")).as("the other port stays legacy").isFalse();

        host.setEswitchMode(PF, EswitchMode.LEGACY);

        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f0v0", "enp3s0f0v1", "enp3s0f0v2",
                "enp3s0f0v3", "enp3s0f1");
        assertThat(tree.netdevHas("enp3s0f0", "phys_port_name")).isFalse();
        assertThat(tree.netdevHas("enp3s0f0", "phys_switch_id")).isFalse();
    }

    @Test
    void vfsCreatedInSwitchdevModeComeWithRepresentorsAndGoWithThem() {
        host.setEswitchMode(PF, EswitchMode.SWITCHDEV);
        host.setEswitchMode(PF, EswitchMode.SWITCHDEV);   // idempotent, as devlink is

        host.writeNumVfs(PF, 2);
        assertThat(tree.list("class/net")).contains("enp3s0f0npf0vf0", "enp3s0f0npf0vf1");

        host.unbind(VF0, "mlx5_core");
        assertThat(tree.list("class/net")).as("a representor outlives its VF's driver")
                .contains("enp3s0f0npf0vf0").doesNotContain("enp3s0f0v0");

        host.writeNumVfs(PF, 0);
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f1");
    }

    @Test
    void unbindingThePfDisablesItsVfsAndBindingStartsItInTheBootMode() {
        host.writeNumVfs(PF, 2);
        host.setEswitchMode(PF, EswitchMode.SWITCHDEV);

        host.unbind(PF, "mlx5_core");

        assertThat(tree.pci(PF.toString(), "sriov_numvfs")).isEqualTo("0");
        assertThat(tree.list("class/net")).containsExactly("enp3s0f1");
        // No driver, no devlink instance: devlink answers ENODEV, which a host reads as no eSwitch (as LinuxHost does).
        assertThat(host.eswitchMode(PF)).isEqualTo(EswitchMode.UNSUPPORTED);
        assertThatThrownBy(() -> host.setEswitchMode(PF, EswitchMode.SWITCHDEV)).hasMessageContaining("no devlink instance");
        assertThatThrownBy(() -> host.writeNumVfs(PF, 2)).hasMessageContaining("no driver is bound");
        // iov.c checks the range before the driver: an unbound PF answers ERANGE above sriov_totalvfs.
        assertThatThrownBy(() -> host.writeNumVfs(PF, 9)).hasMessageContaining("ERANGE");
        host.writeNumVfs(PF, 0);

        host.bind(PF, "mlx5_core");

        assertThat(host.eswitchMode(PF)).isEqualTo(EswitchMode.LEGACY);
        assertThat(tree.list("class/net")).containsExactly("enp3s0f0", "enp3s0f1");
    }

    @Test
    void eswitchModeOfAVfIsUnsupportedAndOfANonDeviceAnError() {
        host.writeNumVfs(PF, 1);
        assertThat(host.eswitchMode(VF0)).isEqualTo(EswitchMode.UNSUPPORTED);
        assertThatThrownBy(() -> host.setEswitchMode(VF0, EswitchMode.SWITCHDEV)).hasMessageContaining("Operation not supported");
        assertThatThrownBy(() -> host.eswitchMode(VF3)).hasMessageContaining("ENODEV");
        assertThatThrownBy(() -> host.setEswitchMode(PF, EswitchMode.UNKNOWN)).hasMessageContaining("EINVAL");
    }

    @Test
    void firmwareControlledEswitchRefusesDevlinkEvenForItsOwnMode() {
        Path root = temp.resolve("corigine");
        SimulatedHost corigine = NicsimTreeBuilder.bundled().create(root, "corigine-agilio-cx", NicsimBoot.firmware("flower"), false);
        PciAddress pf = PciAddress.parse("0000:04:00.0");

        // devlink refuses a driver without eswitch_mode_set before it looks at the mode asked (nfp flower has none).
        assertThatThrownBy(() -> corigine.setEswitchMode(pf, EswitchMode.SWITCHDEV)).hasMessageContaining("EOPNOTSUPP");
        assertThatThrownBy(() -> corigine.setEswitchMode(pf, EswitchMode.LEGACY))
                .hasMessage("devlink dev eswitch set pci/0000:04:00.0 mode legacy failed: Operation not supported"
                        + " (EOPNOTSUPP): the corigine-agilio-cx firmware runs its eSwitch in switchdev mode");
        assertThat(corigine.eswitchMode(pf)).isEqualTo(EswitchMode.SWITCHDEV);
    }

    /** mlx5 on a BlueField's Arm side has eswitch_mode_set: the kernel takes legacy, and the host's representors go. */
    @Test
    void aDpusEswitchAcceptsLegacyAsTheKernelDoes() {
        SimulatedHost dpu = NicsimTreeBuilder.bundled().create(temp.resolve("dpu"), "nvidia-bluefield2-dpu", NicsimBoot.DEFAULTS, false);
        PciAddress pf = PciAddress.parse("0000:03:00.0");
        TreeFiles dpuTree = new TreeFiles(dpu.sysfsRoot());
        assertThat(dpuTree.list("class/net")).contains("pf0hpf");

        dpu.setEswitchMode(pf, EswitchMode.LEGACY);

        assertThat(dpu.eswitchMode(pf)).isEqualTo(EswitchMode.LEGACY);
        assertThat(dpuTree.list("class/net")).doesNotContain("pf0hpf");
    }

    @Test
    void vendorDrivenEswitchIsUnsupported() {
        SimulatedHost yusur = NicsimTreeBuilder.bundled().create(temp.resolve("yusur"), "yusur-conflux-2200e", NicsimBoot.DEFAULTS, false);

        assertThatThrownBy(() -> yusur.setEswitchMode(PciAddress.parse("0000:00:0a.0"), EswitchMode.SWITCHDEV))
                .hasMessageContaining("Operation not supported");
    }

    @Test
    void featuresAreStoredPerNetdevAndStartOff() {
        assertThat(host.feature("enp3s0f0", "hw-tc-offload")).contains(false);
        assertThat(host.feature("enp3s0f0", "rx-gro-hw")).isEmpty();

        host.setFeature("enp3s0f0", "hw-tc-offload", true);

        assertThat(host.feature("enp3s0f0", "hw-tc-offload")).contains(true);
        assertThatThrownBy(() -> host.setFeature("eth9", "hw-tc-offload", true))
                .hasMessage("ethtool -K eth9 hw-tc-offload on failed: No such device (ENODEV): there is no netdev eth9");
        assertThatThrownBy(() -> host.feature("eth9", "hw-tc-offload")).hasMessageContaining("ENODEV");
    }

    @Test
    void linkUpSetsOperstateAndFlags() {
        host.setLinkUp("enp3s0f0");
        host.setLinkUp("enp3s0f0");

        assertThat(tree.netdev("enp3s0f0", "operstate")).isEqualTo("up");
        assertThat(tree.netdev("enp3s0f0", "flags")).isEqualTo("0x1003");
        assertThatThrownBy(() -> host.setLinkUp("eth9")).hasMessageContaining("there is no netdev eth9");
    }

    @Test
    void stateSurvivesReopeningTheTree() {
        host.writeNumVfs(PF, 2);
        host.setEswitchMode(PF, EswitchMode.SWITCHDEV);
        host.setFeature("enp3s0f0", "hw-tc-offload", true);
        String ifindex = tree.netdev("enp3s0f0npf0vf1", "ifindex");

        SimulatedHost reopened = SimulatedHost.open(host.sysfsRoot());

        assertThat(reopened.model()).isEqualTo("mellanox-connectx5");
        assertThat(reopened.eswitchMode(PF)).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(reopened.feature("enp3s0f0", "hw-tc-offload")).contains(true);
        reopened.unbind(VF0, "mlx5_core");
        reopened.bind(VF0, "mlx5_core");
        assertThat(Integer.parseInt(tree.netdev("enp3s0f0v0", "ifindex"))).as("a new netdev gets a new ifindex")
                .isGreaterThan(Integer.parseInt(ifindex));
        assertThatThrownBy(() -> reopened.writeNumVfs(PF, 3)).hasMessageContaining("EBUSY");
    }

    @Test
    void openingADirectoryThatIsNoTreeFails() {
        assertThatThrownBy(() -> SimulatedHost.open(temp)).isInstanceOf(HostException.class)
                .hasMessageContaining("is not a nicsim tree");
    }

    @Test
    void destroyRemovesTheTreeAndRefusesDirectoriesThatAreNoTree() throws Exception {
        Path other = Files.createDirectories(temp.resolve("important"));
        Files.writeString(other.resolve("keep.txt"), "data");

        assertThatThrownBy(() -> NicsimTrees.destroy(other)).hasMessageContaining("is not a nicsim tree");
        assertThat(other.resolve("keep.txt")).exists();

        host.writeNumVfs(PF, 2);
        NicsimTrees.destroy(host.sysfsRoot());
        assertThat(host.sysfsRoot()).doesNotExist();
    }

    @Test
    void createRefusesANonEmptyRoot() throws Exception {
        Path other = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(other.resolve("keep.txt"), "data");

        assertThatThrownBy(() -> NicsimTreeBuilder.bundled().create(other, "mellanox-connectx5", NicsimBoot.DEFAULTS, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not empty");
        assertThatThrownBy(() -> NicsimTreeBuilder.bundled().create(host.sysfsRoot(), "mellanox-connectx5", NicsimBoot.DEFAULTS, false))
                .hasMessageContaining("holds a nicsim tree already");
        assertThat(other.resolve("keep.txt")).exists();
    }
}
