package io.hwoffload.host.discovery;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.sysfs.SysfsTree;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Discovery on sysfs layouts that public test suites build after real hosts. Only the facts are taken (PCI
 * addresses, netdev names, phys_port_name / phys_switch_id values, drivers, which entry sits where); each tree is
 * written here by {@link Layout}. Upstream revisions read: k8snetworkplumbingwg/sriov-network-operator
 * 249e20012faf17b4f38057f29608bde2b21c5c9a, k8snetworkplumbingwg/sriovnet 65c5d347a2ea6049e2f6eca60533b65050dc756c.
 */
class PublicSuiteLayoutsTest {
    private static final HostVersions NO_VERSIONS = new HostVersions(null, null, null, null);
    private static final String MELLANOX = "15b3";
    /** sriovnet's switch id for every port in TestGetVfRepresentor, TestGetVfRepresentorDPU and the DPU tests. */
    private static final String SRIOVNET_SWITCH_ID = "c2cfc60003a1420c";

    private final NodeDiscoverer discoverer = new NodeDiscoverer(NicCatalog.bundled(), DeviceNames.none());

    @TempDir
    Path temp;

    private NodeInventory discover(Layout layout, FakeNetlink netlink) {
        return discoverer.discover(new SysfsTree(layout.root), netlink, NO_VERSIONS);
    }

    /**
     * A dual-port ConnectX-5 in legacy mode, two VFs per PF, VF 0 on mlx5_core and VF 1 bound to vfio-pci (so
     * without a netdev). Facts from sriov-network-operator {@code pkg/host/internal/sriov/sriov_test.go},
     * Describe "SRIOV" / Context "ConfigSriovInterfaces" / It "should configure in parallel" (PFs 0000:d8:00.0
     * enp216s0f0np0 and 0000:d8:00.1 enp216s0f0np1, legacy eswitch, VFs .2/.3 and .4/.5 by their physfn links,
     * VF 0 netdevs enp216s0f0_0 / enp216s0f1_0, VF 1 on vfio-pci) and It "should configure" (the same PF 0);
     * device ids 1017/1018 from {@code pkg/host/internal/udev/udev_test.go} testExpectedNMUdevRule, which names
     * 0000:d8:00.0 with {@code ATTRS{device}=="0x1017|0x1018"}. The np0/np1 names are systemd's for a
     * phys_port_name p0/p1; in legacy mode the PF has no phys_switch_id, so it is no switchdev port.
     */
    @Test
    void connectX5InLegacyListsVfsOfBothPortsAndVfioVfsWithoutNetdev() {
        Layout layout = new Layout(temp);
        for (String[] port : new String[][] {{"0000:d8:00.0", "enp216s0f0np0", "p0", "0000:d8:00.2", "0000:d8:00.3",
                "enp216s0f0_0"}, {"0000:d8:00.1", "enp216s0f0np1", "p1", "0000:d8:00.4", "0000:d8:00.5", "enp216s0f1_0"}}) {
            layout.function(port[0], MELLANOX, "1017", "mlx5_core").sriov(port[0], 2, 2)
                    .netdev(port[0], port[1], port[2], null);
            layout.vf(port[0], 0, port[3], "1018", "mlx5_core").netdev(port[3], port[5], null, null);
            layout.vf(port[0], 1, port[4], "1018", "vfio-pci");
        }

        NodeInventory inventory = discover(layout, new FakeNetlink()
                .mode("0000:d8:00.0", EswitchMode.LEGACY).mode("0000:d8:00.1", EswitchMode.LEGACY));

        assertThat(inventory.nics()).extracting(n -> n.pciAddress().toString(), PhysicalFunction::netdev,
                        PhysicalFunction::model, PhysicalFunction::driver, PhysicalFunction::eswitchMode)
                .containsExactly(
                        tuple("0000:d8:00.0", "enp216s0f0np0", "mellanox-connectx5", "mlx5_core", EswitchMode.LEGACY),
                        tuple("0000:d8:00.1", "enp216s0f0np1", "mellanox-connectx5", "mlx5_core", EswitchMode.LEGACY));
        assertThat(inventory.nics()).allSatisfy(pf -> {
            assertThat(pf.sriov().totalVfs()).isEqualTo(2);
            assertThat(pf.sriov().numVfs()).isEqualTo(2);
            assertThat(pf.uplink()).as("legacy: no phys_switch_id, no uplink").isNull();
            assertThat(pf.physSwitchId()).isNull();
            assertThat(pf.representors()).isEmpty();
            assertThat(pf.isDpuSide()).isFalse();
        });
        assertThat(vfs(inventory.nics().get(0))).containsExactly(
                tuple(0, "0000:d8:00.2", "1018", "mlx5_core", "enp216s0f0_0", null),
                tuple(1, "0000:d8:00.3", "1018", "vfio-pci", null, null));
        assertThat(vfs(inventory.nics().get(1))).containsExactly(
                tuple(0, "0000:d8:00.4", "1018", "mlx5_core", "enp216s0f1_0", null),
                tuple(1, "0000:d8:00.5", "1018", "vfio-pci", null, null));
        assertThat(inventory.findings()).isEmpty();
    }

    /**
     * A ConnectX-6 Dx in switchdev with one VF whose representor sits next to the uplink under the PF. Facts from
     * sriov-network-operator {@code pkg/host/internal/sriov/sriov_test.go}, Context "DiscoverSriovDevices" / It
     * "discovered" with getTestPCIDevices (PF 0000:d8:00.0 15b3:101d enp216s0f0np0, MAC 08:c0:eb:70:74:4e, MTU
     * 1500, admin up, total/num VFs 1, switchdev; VF 0000:d8:00.2 15b3:101e mlx5_core enp216s0f0v0, MAC
     * 4e:fd:3d:08:59:b1; its representor enp216s0f0np0_0), and {@code pkg/host/internal/udev/udev_test.go},
     * Context "AddVfRepresentorUdevRule" / It "Created" (enp216s0f0np0 at 0000:d8:00.0 has phys_switch_id
     * 7cfe90ff2cc0 and phys_port_name p0; its VF representors match phys_port_name pf0vf*).
     */
    @Test
    void connectX6DxInSwitchdevFindsTheVfRepresentorBySwitchIdAndPortName() {
        String pf = "0000:d8:00.0";
        String switchId = "7cfe90ff2cc0";
        Layout layout = new Layout(temp).function(pf, MELLANOX, "101d", "mlx5_core").sriov(pf, 1, 1)
                .netdev(pf, "enp216s0f0np0", "p0", switchId).linkState("enp216s0f0np0", "08:c0:eb:70:74:4e", 1500)
                .netdev(pf, "enp216s0f0np0_0", "pf0vf0", switchId);
        layout.vf(pf, 0, "0000:d8:00.2", "101e", "mlx5_core").netdev("0000:d8:00.2", "enp216s0f0v0", null, null)
                .linkState("enp216s0f0v0", "4e:fd:3d:08:59:b1", 1500);

        NodeInventory inventory = discover(layout, new FakeNetlink().mode(pf, EswitchMode.SWITCHDEV));

        PhysicalFunction nic = inventory.nicByPciAddress(PciAddress.parse(pf)).orElseThrow();
        assertThat(inventory.nics()).singleElement().isSameAs(nic);
        assertThat(nic.model()).isEqualTo("mellanox-connectx6-dx");
        assertThat(nic.netdev()).isEqualTo("enp216s0f0np0");
        assertThat(nic.link().mac()).isEqualTo("08:c0:eb:70:74:4e");
        assertThat(nic.link().mtu()).isEqualTo(1500);
        assertThat(nic.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(nic.uplink()).as("the PF netdev is its own uplink (p0)").isEqualTo("enp216s0f0np0");
        assertThat(nic.physSwitchId()).isEqualTo(switchId);
        assertThat(vfs(nic)).containsExactly(
                tuple(0, "0000:d8:00.2", "101e", "mlx5_core", "enp216s0f0v0", "enp216s0f0np0_0"));
        assertThat(nic.representors()).extracting(Representor::netdev, Representor::flavour, Representor::pfIndex,
                        Representor::vfIndex, Representor::external)
                .containsExactly(tuple("enp216s0f0np0_0", Representor.Flavour.VF, 0, 0, false));
        assertThat(nic.isDpuSide()).isFalse();
        assertThat(inventory.findings()).isEmpty();
    }

    /**
     * Uplink p0 whose eSwitch also shows an unparsable port name and a sub-function representor; only pfNvfM ports
     * are VF representors, matched by VF index. Facts from sriovnet {@code sriovnet_switchdev_test.go},
     * TestGetVfRepresentor case "VF representor found with mixed representors" with
     * setupRepresentorEnvForGetVfRepresentor (uplink p0 at 0000:03:00.0, every port under the PF's net/ and
     * linked from class/net, switch id c2cfc60003a1420c; eth0 "invalid", eth1 pf0vf0, eth2 pf0sf1, eth3 pf0vf2;
     * VF 2's representor is eth3). The fake has no PCI ids and no VF functions: ours is a ConnectX-5 (1017) with
     * three unbound VFs, so VF 1, which has no port, shows that no index is shifted.
     *
     * <p>eth0 and eth2 are ports of the PF's eSwitch (they carry its phys_switch_id) that PhysPortName does not
     * parse; discovery used to take the first of them by name as the PF's netdev instead of the uplink p0. pf0sf1 is
     * what a real mlx5 sub-function representor shows under its PF.
     */
    @Test
    void onlyPfVfPortsAreVfRepresentorsNextToSubFunctionAndUnknownPorts() {
        String pf = "0000:03:00.0";
        Layout layout = new Layout(temp).function(pf, MELLANOX, "1017", "mlx5_core").sriov(pf, 8, 3)
                .netdev(pf, "p0", "p0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth0", "invalid", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth1", "pf0vf0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth2", "pf0sf1", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth3", "pf0vf2", SRIOVNET_SWITCH_ID);
        for (int i = 0; i < 3; i++) {
            layout.vf(pf, i, "0000:03:00." + (2 + i), "1018", null);
        }

        PhysicalFunction nic = discover(layout, new FakeNetlink().mode(pf, EswitchMode.SWITCHDEV)).nics().get(0);

        assertThat(nic.uplink()).isEqualTo("p0");
        assertThat(vfs(nic)).containsExactly(
                tuple(0, "0000:03:00.2", "1018", null, null, "eth1"),
                tuple(1, "0000:03:00.3", "1018", null, null, null),
                tuple(2, "0000:03:00.4", "1018", null, null, "eth3"));
        assertThat(nic.representors()).extracting(Representor::netdev, Representor::physPortName)
                .as("the SF port (pf0sf1) and the unparsable one are no VF representors")
                .containsExactly(tuple("eth1", "pf0vf0"), tuple("eth3", "pf0vf2"));
        assertThat(nic.isDpuSide()).isFalse();
        assertThat(nic.netdev()).as("the PF's netdev is its uplink, not the SF port or the unknown port")
                .isEqualTo("p0");
    }

    /**
     * A host whose VF representors are reachable only from class/net, not under the PF's net/: found by
     * phys_switch_id and phys_port_name over class/net. Facts from sriovnet {@code sriovnet_switchdev_test.go}:
     * TestGetUplinkRepresentorWithPhysPortName case "uplink representor exists" (uplink eth0 p0, switch id 111111,
     * representors enp_0 pf0vf0 and enp_1 pf0vf1, VF 0000:03:00.4), TestGetUplinkRepresentorForPfSuccess (eth0
     * under 0000:03:00.0/net), and setupRepresentorEnv called with an empty VF address (as TestGetVfRepresentorDPU
     * and TestGetVfRepresentorPortFlavourDevlink do), which makes each representor a class/net entry only. Our
     * ConnectX-5 PF has three VFs so that 0000:03:00.4 is one of them (VF 2, which has no port).
     */
    @Test
    void representorsOnlyInClassNetAreFoundBySwitchIdAndPortName() {
        String pf = "0000:03:00.0";
        Layout layout = new Layout(temp).function(pf, MELLANOX, "1017", "mlx5_core").sriov(pf, 8, 3)
                .netdev(pf, "eth0", "p0", "111111")
                .classNetOnly("enp_0", "pf0vf0", "111111")
                .classNetOnly("enp_1", "pf0vf1", "111111");
        for (int i = 0; i < 3; i++) {
            layout.vf(pf, i, "0000:03:00." + (2 + i), "1018", "mlx5_core");
        }

        PhysicalFunction nic = discover(layout, new FakeNetlink().mode(pf, EswitchMode.SWITCHDEV)).nics().get(0);

        assertThat(nic.uplink()).isEqualTo("eth0");
        assertThat(nic.physSwitchId()).isEqualTo("111111");
        assertThat(nic.vfs()).extracting(v -> v.pciAddress().toString(), VirtualFunction::representor)
                .containsExactly(tuple("0000:03:00.2", "enp_0"), tuple("0000:03:00.3", "enp_1"),
                        tuple("0000:03:00.4", null));
        assertThat(nic.representors()).extracting(Representor::netdev, Representor::flavour, Representor::external)
                .containsExactly(tuple("enp_0", Representor.Flavour.VF, false),
                        tuple("enp_1", Representor.Flavour.VF, false));
    }

    /**
     * A BlueField-2's Arm side on a kernel with controller numbers: the host PF's representor pf0hpf is c1pf0 and
     * the host VFs' are c1pf0vfN. Facts from sriovnet {@code sriovnet_switchdev_test.go}: TestGetVfRepresentorDPU
     * case "Host VFs only" (c1pf0vf0..2, switch id c2cfc60003a1420c), TestGetPfRepresentorDPU case "PF representor
     * with controller index" (uplink p0 with phys_port_name p0, host PF 0 at c1pf0) and TestGetRepresentorPeerMacAddress
     * (the netdev names p0, pf0hpf and pfXvfY for such ports). The Arm PF's id a2d6 is the catalog's BlueField-2;
     * the ports sit under the PF as setupRepresentorEnvForGetVfRepresentor puts them.
     */
    @Test
    void blueField2ArmSideWithControllerNumbersRepresentsTheHostPfAndVfs() {
        String pf = "0000:03:00.0";
        Layout layout = new Layout(temp).function(pf, MELLANOX, "a2d6", "mlx5_core")
                .netdev(pf, "p0", "p0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "pf0hpf", "c1pf0", SRIOVNET_SWITCH_ID);
        for (int i = 0; i < 3; i++) {
            layout.netdev(pf, "pf0vf" + i, "c1pf0vf" + i, SRIOVNET_SWITCH_ID);
        }

        NodeInventory inventory = discover(layout, new FakeNetlink().mode(pf, EswitchMode.SWITCHDEV));

        PhysicalFunction arm = inventory.nics().get(0);
        assertThat(arm.model()).isEqualTo("nvidia-bluefield2-dpu");
        assertThat(arm.isDpuSide()).isTrue();
        assertThat(arm.uplink()).isEqualTo("p0");
        assertThat(arm.representors()).extracting(Representor::netdev, Representor::flavour, Representor::pfIndex,
                        Representor::vfIndex, Representor::external)
                .containsExactly(tuple("pf0hpf", Representor.Flavour.PF, 0, null, true),
                        tuple("pf0vf0", Representor.Flavour.VF, 0, 0, true),
                        tuple("pf0vf1", Representor.Flavour.VF, 0, 1, true),
                        tuple("pf0vf2", Representor.Flavour.VF, 0, 2, true));
        assertThat(arm.vfs()).as("the host creates the VFs").isEmpty();
        assertThat(inventory.findings()).isEmpty();
    }

    /**
     * A BlueField-2's Arm side with controller numbers that has VFs of its own besides the host's: c1pf0vfN are
     * host VFs (external), pf0vfN are the Arm PF's own VFs (local). Facts from sriovnet
     * {@code sriovnet_switchdev_test.go}: TestGetVfRepresentorDPU case "Host VFs and DPU VFs" (eth0 c1pf0vf0, eth1
     * pf0vf0, eth2 pf0vf2, eth3 c1pf0vf2: host VF 2 is eth3, not eth2), TestGetRepresentorPeerMacAddress (pf0hpf
     * with phys_port_name pf0 next to "VF rep" pf0vf5 and "Ext VF rep" c1pf0vf10: different kinds),
     * TestGetVfRepresentor case "VF representor found - mixed external representor" (with c1pf0vfN present, the
     * local VF 2's representor through the uplink is the pf0vf2 port), and sriovnet.go GetVfRepresentorDPU, which
     * falls back to pfNvfM as a host VF only when no cNpfNvfM port matches. The host PF port here is pf0hpf
     * (c1pf0); the Arm PF's three local VFs (0000:03:00.2-.4, unbound) are ours. Discovery used to take every pfNvfM port of a DPU as
     * the host's, so host VF 2 had two representors and the Arm PF's own VFs none.
     */
    @Test
    void blueField2ArmSideKeepsItsOwnVfRepresentorsApartFromTheHosts() {
        String pf = "0000:03:00.0";
        Layout layout = new Layout(temp).function(pf, MELLANOX, "a2d6", "mlx5_core").sriov(pf, 8, 3)
                .netdev(pf, "p0", "p0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "pf0hpf", "c1pf0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth0", "c1pf0vf0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth1", "pf0vf0", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth2", "pf0vf2", SRIOVNET_SWITCH_ID)
                .netdev(pf, "eth3", "c1pf0vf2", SRIOVNET_SWITCH_ID);
        for (int i = 0; i < 3; i++) {
            layout.vf(pf, i, "0000:03:00." + (2 + i), "101e", null);
        }

        PhysicalFunction arm = discover(layout, new FakeNetlink().mode(pf, EswitchMode.SWITCHDEV)).nics().get(0);

        assertThat(arm.model()).isEqualTo("nvidia-bluefield2-dpu");
        assertThat(arm.isDpuSide()).isTrue();
        // Right: only the c1 ports stand for the host; pf0vf0 / pf0vf2 are this Arm PF's own VFs' ports.
        assertThat(arm.representors()).extracting(Representor::netdev, Representor::flavour, Representor::vfIndex,
                        Representor::external)
                .containsExactlyInAnyOrder(tuple("pf0hpf", Representor.Flavour.PF, null, true),
                        tuple("eth0", Representor.Flavour.VF, 0, true),
                        tuple("eth1", Representor.Flavour.VF, 0, false),
                        tuple("eth2", Representor.Flavour.VF, 2, false),
                        tuple("eth3", Representor.Flavour.VF, 2, true));
        assertThat(arm.vfs()).extracting(VirtualFunction::index, VirtualFunction::representor)
                .as("the Arm PF's own VFs have their pf0vfN representors")
                .containsExactly(tuple(0, "eth1"), tuple(1, null), tuple(2, "eth2"));
    }

    /** A PF's VFs as (index, PCI address, device id, driver, netdev, representor). */
    private static List<Tuple> vfs(PhysicalFunction pf) {
        return pf.vfs().stream().map(v -> tuple(v.index(), v.pciAddress().toString(), v.deviceId(), v.driver(),
                v.netdev(), v.representor())).toList();
    }

    /**
     * Writes a sysfs tree as the kernel lays it out: PCI functions under devices/pci0000:00 with links from
     * bus/pci/devices, drivers as links into bus/pci/drivers, netdevs under their function's net/ with links from
     * class/net.
     */
    private static final class Layout {
        private final Path root;

        Layout(Path temp) {
            this.root = temp.resolve("sys");
        }

        private Path device(String address) {
            return root.resolve("devices/pci0000:00").resolve(address);
        }

        /** An Ethernet PCI function (class 0x020000) bound to {@code driver}, or unbound when it is null. */
        Layout function(String address, String vendor, String deviceId, String driver) {
            Path dir = device(address);
            write(dir.resolve("class"), "0x020000");
            write(dir.resolve("vendor"), "0x" + vendor);
            write(dir.resolve("device"), "0x" + deviceId);
            write(dir.resolve("numa_node"), "-1");
            link(root.resolve("bus/pci/devices").resolve(address), "../../../devices/pci0000:00/" + address);
            if (driver != null) {
                createDirectories(root.resolve("bus/pci/drivers").resolve(driver));
                link(dir.resolve("driver"), "../../../bus/pci/drivers/" + driver);
            }
            return this;
        }

        Layout sriov(String pf, int totalVfs, int numVfs) {
            Path dir = device(pf);
            write(dir.resolve("sriov_totalvfs"), Integer.toString(totalVfs));
            write(dir.resolve("sriov_numvfs"), Integer.toString(numVfs));
            return this;
        }

        /** VF {@code index} of {@code pf}: the PF's virtfnN link and the VF's physfn link back. */
        Layout vf(String pf, int index, String address, String deviceId, String driver) {
            String vendor = read(device(pf).resolve("vendor")).substring(2);
            function(address, vendor, deviceId, driver);
            link(device(pf).resolve("virtfn" + index), "../" + address);
            link(device(address).resolve("physfn"), "../" + pf);
            return this;
        }

        /** A netdev under the function's net/, with phys_port_name / phys_switch_id only when given. */
        Layout netdev(String address, String name, String physPortName, String physSwitchId) {
            Path dir = device(address).resolve("net").resolve(name);
            attributes(dir, physPortName, physSwitchId);
            link(root.resolve("class/net").resolve(name), "../../devices/pci0000:00/" + address + "/net/" + name);
            return this;
        }

        /** A netdev that exists only as a class/net entry, as sriovnet's setupRepresentorEnv makes representors. */
        Layout classNetOnly(String name, String physPortName, String physSwitchId) {
            attributes(root.resolve("class/net").resolve(name), physPortName, physSwitchId);
            return this;
        }

        Layout linkState(String netdev, String mac, int mtu) {
            Path dir = root.resolve("class/net").resolve(netdev);
            write(dir.resolve("address"), mac);
            write(dir.resolve("mtu"), Integer.toString(mtu));
            write(dir.resolve("flags"), "0x1003");
            return this;
        }

        private static void attributes(Path dir, String physPortName, String physSwitchId) {
            write(dir.resolve("operstate"), "up");
            if (physPortName != null) {
                write(dir.resolve("phys_port_name"), physPortName);
            }
            if (physSwitchId != null) {
                write(dir.resolve("phys_switch_id"), physSwitchId);
            }
        }

        private static void write(Path file, String value) {
            createDirectories(file.getParent());
            try {
                Files.writeString(file, value + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String read(Path file) {
            try {
                return Files.readString(file).strip();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void link(Path link, String target) {
            createDirectories(link.getParent());
            try {
                Files.createSymbolicLink(link, Path.of(target));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void createDirectories(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
