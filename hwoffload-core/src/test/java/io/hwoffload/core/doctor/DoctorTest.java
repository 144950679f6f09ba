package io.hwoffload.core.doctor;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.SriovCapability;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.NicRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorTest {
    private static final HostVersions CURRENT = new HostVersions("6.1.0-27-amd64", "iproute2-6.1.0", "6.1", null);
    private static final OvsState OVS_OFFLOADING = OvsState.reachable("unix:/run/openvswitch/db.sock",
            new OvsConfig("3.1.0", Map.of("hw-offload", "true"), Map.of()));
    private final Doctor doctor = new Doctor(NicCatalog.bundled());

    @Test
    void nodeWithoutSriovNicSaysSoPlainly() {
        PhysicalFunction virtio = new PhysicalFunction(PciAddress.parse("0000:00:03.0"), "1af4", "1041", null, null,
                null, "virtio-pci", "eth0", null, null, new LinkState("up", true, 1500, null), null, EswitchMode.UNSUPPORTED,
                null, null, null, List.of(), List.of());
        List<Check> checks = doctor.examine(new NodeInventory("/sys", CURRENT, List.of(virtio), List.of()),
                OvsState.unreachable("unix:/run/openvswitch/db.sock", "No such file or directory"), Optional.empty());

        assertThat(checks).filteredOn(c -> c.id().equals("sriov")).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(Check.Status.FAIL);
            assertThat(c.finding()).contains("no SR-IOV capable NIC").contains("0000:00:03.0").contains("virtio-pci");
            assertThat(c.fix()).contains("nicsim create");
        });
        assertThat(checks).filteredOn(c -> c.id().equals("ovs")).singleElement()
                .satisfies(c -> assertThat(c.status()).isEqualTo(Check.Status.WARN));
        assertThat(checks).noneMatch(c -> c.id().equals("switchdev"));
    }

    @Test
    void readyConnectX5PassesEveryCheck() {
        List<Check> checks = doctor.examine(inventory(cx5(EswitchMode.SWITCHDEV, true, "enp3s0f0_0"), CURRENT),
                OVS_OFFLOADING, Optional.empty());

        assertThat(checks).allSatisfy(c -> assertThat(c.status()).as(c.toString()).isEqualTo(Check.Status.PASS));
        assertThat(checks).extracting(Check::id).contains("sriov", "kernel", "iproute2", "ovs", "ovs-datapath", "ovs-hw-offload",
                "catalog", "iommu", "switchdev", "hw-tc-offload", "vfs", "representors");
    }

    @Test
    void legacyModeOffloadOffAndMissingRepresentorsAreNamedWithTheirFix() {
        List<Check> legacy = doctor.examine(inventory(cx5(EswitchMode.LEGACY, false, null), CURRENT),
                OvsState.reachable("x", new OvsConfig("3.1.0", Map.of(), Map.of())), Optional.empty());
        assertThat(byId(legacy, "switchdev").status()).isEqualTo(Check.Status.WARN);
        assertThat(byId(legacy, "switchdev").fix()).contains("devlink dev eswitch set pci/0000:03:00.0 mode switchdev");
        assertThat(byId(legacy, "hw-tc-offload").fix()).contains("ethtool -K enp3s0f0 hw-tc-offload on");
        assertThat(byId(legacy, "ovs-hw-offload").status()).isEqualTo(Check.Status.FAIL);

        List<Check> noRepresentor = doctor.examine(inventory(cx5(EswitchMode.SWITCHDEV, true, null), CURRENT),
                OVS_OFFLOADING, Optional.empty());
        assertThat(byId(noRepresentor, "representors").status()).isEqualTo(Check.Status.FAIL);
        assertThat(byId(noRepresentor, "representors").finding()).contains("[0]");
    }

    @Test
    void oldKernelAndIproute2Fail() {
        List<Check> checks = doctor.examine(inventory(cx5(EswitchMode.SWITCHDEV, true, "r"),
                new HostVersions("5.4.0-186-generic", "ip utility, iproute2-ss190107", null, null)), OVS_OFFLOADING,
                Optional.empty());
        assertThat(byId(checks, "kernel").status()).isEqualTo(Check.Status.FAIL);
        assertThat(byId(checks, "kernel").fix()).contains(">= 5.7");
        assertThat(byId(checks, "iproute2").status()).as("iproute2-ss190107 has no dotted version: unknown")
                .isEqualTo(Check.Status.WARN);
    }

    @Test
    void policyAskingTooManyVfsOrAMissingPfFails() {
        NodeInventory node = inventory(cx5(EswitchMode.SWITCHDEV, true, "r"), CURRENT);
        NicRequest tooMany = new NicRequest("mellanox-antrea", "15b3", "1017", List.of("enp3s0f0"), List.of(), 16);
        Check numVfs = byId(doctor.examine(node, OVS_OFFLOADING, Optional.of(tooMany)), "policy-numvfs");
        assertThat(numVfs.status()).isEqualTo(Check.Status.FAIL);
        assertThat(numVfs.finding()).contains("16").contains("8");

        NicRequest missing = new NicRequest("p", null, null, List.of("ens99"), List.of(), 4);
        Check pf = byId(doctor.examine(node, OVS_OFFLOADING, Optional.of(missing)), "policy-pf");
        assertThat(pf.status()).isEqualTo(Check.Status.FAIL);
        assertThat(pf.finding()).contains("pfNames [ens99]").contains("enp3s0f0");
    }

    @Test
    void reachableOvsdbWithoutAVersionIsNotAMissingOvs() {
        Check ovs = byId(doctor.examine(inventory(cx5(EswitchMode.SWITCHDEV, true, "r"), CURRENT),
                OvsState.reachable("unix:/run/openvswitch/db.sock", new OvsConfig(null, Map.of("hw-offload", "true"),
                        Map.of())), Optional.empty()), "ovs");
        assertThat(ovs.status()).isEqualTo(Check.Status.WARN);
        assertThat(ovs.finding()).startsWith("OVSDB reachable at unix:/run/openvswitch/db.sock, ovs_version not set;"
                + " ovs-vswitchd not started").doesNotContain("unknown");
        assertThat(ovs.fix()).doesNotContain("install").contains("systemctl start openvswitch-switch");
    }

    @Test
    void userspaceDatapathBridgesAreNamedUnlessTheyAreDpdk() {
        NodeInventory node = inventory(cx5(EswitchMode.SWITCHDEV, true, "r"), CURRENT);
        OvsConfig userspace = new OvsConfig("3.1.0", Map.of("hw-offload", "true"), Map.of(), List.of(),
                Map.of("br-int", "netdev", "br-ex", "system"));
        Check netdev = byId(doctor.examine(node, OvsState.reachable("x", userspace), Optional.empty()), "ovs-datapath");
        assertThat(netdev.status()).isEqualTo(Check.Status.WARN);
        assertThat(netdev.finding()).contains("br-int").contains("datapath_type=netdev").doesNotContain("br-ex");
        assertThat(netdev.fix()).contains("ovs-vsctl set Bridge br-int datapath_type=system");

        OvsConfig dpdk = new OvsConfig("3.1.0", Map.of("hw-offload", "true", "dpdk-init", "true"), Map.of(), List.of(),
                Map.of("br-int", "netdev"));
        Check rteFlow = byId(doctor.examine(node, OvsState.reachable("x", dpdk), Optional.empty()), "ovs-datapath");
        assertThat(rteFlow.status()).isEqualTo(Check.Status.PASS);
        assertThat(rteFlow.finding()).contains("rte_flow");
        assertThat(byId(doctor.examine(node, OVS_OFFLOADING, Optional.empty()), "ovs-datapath").status())
                .isEqualTo(Check.Status.PASS);
    }

    /** One fix per problem: the VF check does not tell to echo a count that policy-numvfs says does not fit. */
    @Test
    void tooManyVfsGetsOneFixNotTwoThatContradict() {
        PhysicalFunction noVfs = new PhysicalFunction(PciAddress.parse("0000:03:00.0"), "15b3", "1017",
                "mellanox-connectx5", null, null, "mlx5_core", "enp3s0f0", 0, 30,
                new LinkState("up", true, 1500, "a0:36:9f:8f:3f:b8"), new SriovCapability(8, 0, 2, 1, "1018"),
                EswitchMode.LEGACY, true, null, null, List.of(), List.of());
        NicRequest tooMany = new NicRequest("mellanox-antrea", "15b3", "1017", List.of("enp3s0f0"), List.of(), 64);
        List<Check> checks = doctor.examine(inventory(noVfs, CURRENT), OVS_OFFLOADING, Optional.of(tooMany));
        assertThat(byId(checks, "policy-numvfs").fix()).contains("lower spec.numVfs to at most 8");
        assertThat(byId(checks, "vfs").fix()).doesNotContain("echo 64").contains("spec.numVfs");
        assertThat(checks).noneMatch(c -> c.fix() != null && c.fix().contains("echo 64"));

        NicRequest fits = new NicRequest("mellanox-antrea", "15b3", "1017", List.of("enp3s0f0"), List.of(), 4);
        assertThat(byId(doctor.examine(inventory(noVfs, CURRENT), OVS_OFFLOADING, Optional.of(fits)), "vfs").fix())
                .contains("echo 4 > /sys/bus/pci/devices/0000:03:00.0/sriov_numvfs");
    }

    private static Check byId(List<Check> checks, String id) {
        return checks.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }

    private static NodeInventory inventory(PhysicalFunction pf, HostVersions versions) {
        return new NodeInventory("/sys", versions, List.of(pf), List.of());
    }

    private static PhysicalFunction cx5(EswitchMode mode, boolean tcOffload, String representor) {
        VirtualFunction vf = new VirtualFunction(0, PciAddress.parse("0000:03:00.2"), "1018", "mlx5_core",
                "enp3s0f0v0", representor);
        return new PhysicalFunction(PciAddress.parse("0000:03:00.0"), "15b3", "1017", "mellanox-connectx5", null,
                null, "mlx5_core", "enp3s0f0", 0, 30, new LinkState("up", true, 1500, "a0:36:9f:8f:3f:b8"),
                new SriovCapability(8, 1, 2, 1, "1018"), mode, tcOffload,
                mode == EswitchMode.SWITCHDEV ? "enp3s0f0" : null, null, List.of(vf), List.of());
    }
}
