package io.hwoffload.host.discovery;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.doctor.Doctor;
import io.hwoffload.core.doctor.OvsState;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.sysfs.SysfsTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Discovery reads nicsim trees with the same code as /sys: each seed's end state appears after the seed's own
 * steps are done through the host's mutations (VFs, switchdev, hw-tc-offload).
 */
class NodeDiscovererNicsimTest {
    private final NodeDiscoverer discoverer = new NodeDiscoverer(NicCatalog.bundled(), DeviceNames.none());

    @TempDir
    Path temp;

    private NodeInventory discover(SimulatedHost host) {
        return discoverer.discover(new SysfsTree(host.sysfsRoot()), host, new HostVersions(null, null, null, null));
    }

    private SimulatedHost create(String model) {
        return create(model, NicsimBoot.DEFAULTS);
    }

    private SimulatedHost create(String model, NicsimBoot boot) {
        return NicsimTreeBuilder.bundled().create(temp.resolve(model), model, boot, false);
    }

    @Test
    void mellanoxSeedStepsGiveFourVfsWithRepresentorsInSwitchdev() {
        SimulatedHost host = create("mellanox-connectx5", NicsimBoot.kernel("5.4"));
        PciAddress pf = PciAddress.parse("0000:03:00.0");
        assertThat(discover(host).nicByPciAddress(pf).orElseThrow().eswitchMode()).isEqualTo(EswitchMode.LEGACY);

        host.writeNumVfs(pf, 4);
        PhysicalFunction legacy = discover(host).nicByPciAddress(pf).orElseThrow();
        assertThat(legacy.vfs()).extracting(v -> v.pciAddress().toString())
                .containsExactly("0000:03:00.2", "0000:03:00.3", "0000:03:00.4", "0000:03:00.5");
        assertThat(legacy.vfs()).allSatisfy(v -> assertThat(v.representor()).isNull());

        for (VirtualFunction vf : legacy.vfs()) {
            host.unbind(vf.pciAddress(), "mlx5_core");
        }
        host.setEswitchMode(pf, EswitchMode.SWITCHDEV);
        host.setFeature("enp3s0f0", "hw-tc-offload", true);
        for (VirtualFunction vf : legacy.vfs()) {
            host.bind(vf.pciAddress(), "mlx5_core");
        }

        PhysicalFunction offload = discover(host).nicByPciAddress(pf).orElseThrow();
        assertThat(offload.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);
        assertThat(offload.hwTcOffload()).isTrue();
        assertThat(offload.uplink()).isEqualTo("enp3s0f0");
        assertThat(offload.sriov().numVfs()).isEqualTo(4);
        assertThat(offload.vfs()).hasSize(4).allSatisfy(v -> {
            assertThat(v.netdev()).isNotNull();
            assertThat(v.driver()).isEqualTo("mlx5_core");
            assertThat(v.representor()).isNotNull();
        });
        assertThat(offload.vfs()).extracting(VirtualFunction::representor).doesNotHaveDuplicates();
        assertThat(discover(host).findings()).isEmpty();

        host.setEswitchMode(pf, EswitchMode.LEGACY);
        assertThat(discover(host).nicByPciAddress(pf).orElseThrow().vfs())
                .allSatisfy(v -> assertThat(v.representor()).isNull());
    }

    @Test
    void yunsiliconTenVfsLandWhereTheSeedsLspciShowsThem() {
        SimulatedHost host = create("yunsilicon-metascale");
        PciAddress pf = PciAddress.parse("0000:b3:00.0");
        host.writeNumVfs(pf, 10);
        host.setEswitchMode(pf, EswitchMode.SWITCHDEV);

        PhysicalFunction p3p1 = discover(host).nicByNetdev("p3p1").orElseThrow();
        assertThat(p3p1.vfs()).extracting(v -> v.pciAddress().toString()).containsExactly(
                "0000:b3:00.2", "0000:b3:00.3", "0000:b3:00.4", "0000:b3:00.5", "0000:b3:00.6", "0000:b3:00.7",
                "0000:b3:01.0", "0000:b3:01.1", "0000:b3:01.2", "0000:b3:01.3");
        assertThat(p3p1.vfs()).extracting(VirtualFunction::deviceId).containsOnly("1112");
        assertThat(p3p1.vfs()).allSatisfy(v -> assertThat(v.representor()).isNotNull());
    }

    @Test
    void corigineFlowerFirmwareRunsSwitchdevSoRepresentorsComeWithTheVfs() {
        SimulatedHost host = create("corigine-agilio-cx", NicsimBoot.firmware("flower"));
        PhysicalFunction before = discover(host).nicByNetdev("ens47").orElseThrow();
        assertThat(before.uplink()).isEqualTo("ens47np0");
        assertThat(before.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);

        host.writeNumVfs(before.pciAddress(), 4);
        PhysicalFunction after = discover(host).nicByNetdev("ens47").orElseThrow();
        assertThat(after.vfs()).hasSize(4).allSatisfy(v -> {
            assertThat(v.driver()).isEqualTo("nfp_netvf");
            assertThat(v.deviceId()).isEqualTo("6003");
        });
        // The virtual representors, found by switch id and port name over class/net, not under the PF.
        assertThat(after.vfs()).extracting(VirtualFunction::representor).containsExactly("eth1", "eth2", "eth3", "eth4");
        // flower's own PF representor (pf0) is a host's, not a DPU's: a DPU represents an external controller's PF.
        assertThat(after.isDpuSide()).isFalse();
        assertThat(after.representors()).anySatisfy(r -> {
            assertThat(r.netdev()).isEqualTo("eth0");
            assertThat(r.flavour()).isEqualTo(Representor.Flavour.PF);
            assertThat(r.external()).isFalse();
        });
        assertThat(new Doctor(NicCatalog.bundled()).examine(discover(host), OvsState.unreachable("unix:/none", "test"),
                Optional.empty())).noneMatch(c -> c.finding().contains("DPU side"));
    }

    /** As shipped: CoreNIC's vNIC is the port itself; no eSwitch to show, no representors, and no DPU. */
    @Test
    void corigineWithItsShippedCoreNicFirmwareIsAPlainNic() {
        SimulatedHost host = create("corigine-agilio-cx");
        host.writeNumVfs(PciAddress.parse("0000:04:00.0"), 2);
        PhysicalFunction nfp = discover(host).nicByNetdev("ens47np0").orElseThrow();
        assertThat(nfp.model()).isEqualTo("corigine-agilio-cx");
        assertThat(nfp.eswitchMode()).isEqualTo(EswitchMode.UNSUPPORTED);
        assertThat(nfp.representors()).isEmpty();
        assertThat(nfp.isDpuSide()).isFalse();
        assertThat(nfp.hwTcOffload()).isFalse();
        assertThat(nfp.vfs()).extracting(VirtualFunction::netdev, VirtualFunction::representor)
                .containsExactly(tuple("ens47v0", null), tuple("ens47v1", null));
    }

    /** A current kernel's ConnectX-5: the PF is its own uplink port in legacy mode too, with no representors yet. */
    @Test
    void connectx5OnACurrentKernelIsFoundByItsNp0NameInBothModes() {
        SimulatedHost host = create("mellanox-connectx5");
        PciAddress pf = PciAddress.parse("0000:03:00.0");
        host.writeNumVfs(pf, 2);
        PhysicalFunction legacy = discover(host).nicByPciAddress(pf).orElseThrow();
        assertThat(legacy.netdev()).isEqualTo("enp3s0f0np0");
        assertThat(legacy.representors()).isEmpty();
        assertThat(legacy.vfs()).extracting(VirtualFunction::netdev).containsExactly("enp3s0f0v0", "enp3s0f0v1");

        host.writeNumVfs(pf, 0);
        host.setEswitchMode(pf, EswitchMode.SWITCHDEV);
        host.writeNumVfs(pf, 2);
        PhysicalFunction switchdev = discover(host).nicByPciAddress(pf).orElseThrow();
        assertThat(switchdev.netdev()).isEqualTo("enp3s0f0np0");
        assertThat(switchdev.uplink()).isEqualTo("enp3s0f0np0");
        assertThat(switchdev.vfs()).extracting(VirtualFunction::representor)
                .containsExactly("enp3s0f0npf0vf0", "enp3s0f0npf0vf1");
        // Both ports share the switch id (the system image GUID): port 1 has none of port 0's representors.
        PhysicalFunction port1 = discover(host).nicByPciAddress(PciAddress.parse("0000:03:00.1")).orElseThrow();
        assertThat(port1.uplink()).isEqualTo("enp3s0f1np1");
        assertThat(port1.representors()).isEmpty();
    }

    @Test
    void yusurSevenVfsAndBlueFieldHostThreeVfs() {
        SimulatedHost yusur = create("yusur-conflux-2200e");
        yusur.writeNumVfs(PciAddress.parse("0000:00:0a.0"), 7);
        PhysicalFunction p0 = discover(yusur).nicByPciAddress(PciAddress.parse("0000:00:0a.0")).orElseThrow();
        assertThat(p0.vfs()).extracting(v -> v.pciAddress().toString()).containsExactly("0000:00:0a.1",
                "0000:00:0a.2", "0000:00:0a.3", "0000:00:0a.4", "0000:00:0a.5", "0000:00:0a.6", "0000:00:0a.7");
        assertThat(p0.vfs()).extracting(VirtualFunction::deviceId).containsOnly("110f");

        SimulatedHost bluefield = create("nvidia-bluefield2-host");
        bluefield.writeNumVfs(PciAddress.parse("0000:02:00.0"), 3);
        PhysicalFunction host = discover(bluefield).nicByNetdev("enp2s0f0np0").orElseThrow();
        assertThat(host.model()).isEqualTo("nvidia-bluefield2-host");
        assertThat(host.vfs()).extracting(v -> v.pciAddress().toString(), VirtualFunction::netdev).containsExactly(
                org.assertj.core.groups.Tuple.tuple("0000:02:00.3", "enp2s0f0v0"),
                org.assertj.core.groups.Tuple.tuple("0000:02:00.4", "enp2s0f0v1"),
                org.assertj.core.groups.Tuple.tuple("0000:02:00.5", "enp2s0f0v2"));
        assertThat(host.eswitchMode()).as("the DPU, not the host, manages the eSwitch")
                .isEqualTo(EswitchMode.UNSUPPORTED);
    }
}
