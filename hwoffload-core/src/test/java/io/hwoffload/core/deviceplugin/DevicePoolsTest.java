package io.hwoffload.core.deviceplugin;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.SriovCapability;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class DevicePoolsTest {
    private static final DevicePools POOLS = new DevicePools(NicCatalog.bundled());
    private static final List<OffloadPolicy> POLICY = PolicyReader.read("""
            apiVersion: hwoffload.io/v1alpha1
            kind: OffloadPolicy
            metadata: {name: cx5}
            spec:
              nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [enp3s0f0]}
              numVfs: 3
              resourcePools:
                - {resourcePrefix: mellanox.com, resourceName: cx5-pods, vfRange: 1-2, isRdma: true}
              cni: {type: antrea}
            """.getBytes(StandardCharsets.UTF_8), "p.yaml");

    @Test
    void anOffloadReadyVfIsHealthyAndOnlyThePoolsVfsAreOffered() {
        DevicePool pool = pool(cx5(EswitchMode.SWITCHDEV, true, vf -> vf));
        assertThat(pool.qualifiedName()).isEqualTo("mellanox.com/cx5-pods");
        assertThat(pool.isRdma()).isTrue();
        assertThat(pool.devices()).extracting(PoolDevice::id).containsExactly("0000:03:00.3", "0000:03:00.4");
        assertThat(pool.devices()).allSatisfy(d -> {
            assertThat(d.healthy()).as(d.unhealthyWhy()).isTrue();
            assertThat(d.numaNode()).isEqualTo(0);
            assertThat(d.pf()).isEqualTo(PciAddress.parse("0000:03:00.0"));
        });
        assertThat(pool.healthyCount()).isEqualTo(2);
    }

    @Test
    void eachWayOfNotBeingOffloadReadyIsNamed() {
        assertThat(why(cx5(EswitchMode.LEGACY, true, vf -> vf)))
                .isEqualTo("the eSwitch of enp3s0f0 is in legacy mode, the policy wants switchdev");
        assertThat(why(cx5(EswitchMode.SWITCHDEV, false, vf -> vf))).isEqualTo("hw-tc-offload is off on enp3s0f0");
        assertThat(why(cx5(EswitchMode.SWITCHDEV, true, vf -> withRepresentor(vf, null))))
                .isEqualTo("VF 1 of enp3s0f0 has no representor");
        assertThat(why(cx5(EswitchMode.SWITCHDEV, true, vf -> withDriver(vf, null))))
                .isEqualTo("VF 1 of enp3s0f0 is bound to no driver");
        assertThat(why(cx5(EswitchMode.SWITCHDEV, true, vf -> withDriver(vf, "vfio-pci"))))
                .isEqualTo("VF 1 of enp3s0f0 is bound to vfio-pci, not mlx5_core");
    }

    @Test
    void aNodeNoPolicySelectsHasNoPoolAndMissingVfsAreNotOffered() {
        PhysicalFunction other = new PhysicalFunction(PciAddress.parse("0000:05:00.0"), "8086", "1592", null, null, null,
                "ice", "ens5f0", 0, 1, new LinkState("up", true, 1500, null), new SriovCapability(64, 0, 8, 1, "1889"),
                EswitchMode.LEGACY, false, null, null, List.of(), List.of());
        assertThat(POOLS.of(POLICY, inventory(other))).isEmpty();

        PhysicalFunction noVfs = new PhysicalFunction(PciAddress.parse("0000:03:00.0"), "15b3", "1017",
                "mellanox-connectx5", null, null, "mlx5_core", "enp3s0f0", 0, 30, new LinkState("up", true, 1500, null),
                new SriovCapability(8, 0, 2, 1, "1018"), EswitchMode.LEGACY, false, null, null, List.of(), List.of());
        assertThat(POOLS.of(POLICY, inventory(noVfs))).singleElement()
                .satisfies(pool -> assertThat(pool.devices()).isEmpty());
    }

    /** As sriov-network-device-plugin names it: '.' to '_', upper case, a '-' kept (pool_stub.go GetEnvs). */
    @Test
    void namesFollowTheUpstreamPlugin() {
        DevicePool pool = new DevicePool("mellanox.com", "cx5-pods", false, List.of());
        assertThat(pool.environmentVariable()).isEqualTo("PCIDEVICE_MELLANOX_COM_CX5-PODS");
        assertThat(pool.socketName()).isEqualTo("hwoffload_mellanox.com_cx5-pods.sock");
    }

    @Test
    void preferredAllocationKeepsAPodsVfsOnOneNumaNodeAndPf() {
        PoolDevice a0 = device("0000:03:00.2", "0000:03:00.0", 0);
        PoolDevice a1 = device("0000:03:00.3", "0000:03:00.0", 0);
        PoolDevice b0 = device("0000:81:00.2", "0000:81:00.0", 1);
        PoolDevice b1 = device("0000:81:00.3", "0000:81:00.0", 1);
        Map<String, PoolDevice> all = Map.of(a0.id(), a0, a1.id(), a1, b0.id(), b0, b1.id(), b1);
        assertThat(PreferredAllocation.choose(List.of(a0.id(), b0.id(), b1.id()), List.of(b0.id()), 2, all))
                .containsExactly(b0.id(), b1.id());
        List<String> free = PreferredAllocation.choose(List.of(b1.id(), a0.id(), a1.id(), b0.id()), List.of(), 2, all);
        assertThat(free).hasSize(2);
        assertThat(free.stream().map(id -> all.get(id).pf()).distinct()).as("one PF, one NUMA node").hasSize(1);
    }

    private static PoolDevice device(String vf, String pf, int numa) {
        return new PoolDevice(PciAddress.parse(vf), PciAddress.parse(pf), "p", numa, "mlx5_core", null);
    }

    private static String why(PhysicalFunction pf) {
        return pool(pf).devices().get(0).unhealthyWhy();
    }

    private static DevicePool pool(PhysicalFunction pf) {
        return POOLS.of(POLICY, inventory(pf)).get(0);
    }

    private static NodeInventory inventory(PhysicalFunction pf) {
        return new NodeInventory("/sys", new HostVersions(null, null, null, null), List.of(pf), List.of());
    }

    private static PhysicalFunction cx5(EswitchMode mode, boolean tcOffload, UnaryOperator<VirtualFunction> change) {
        List<VirtualFunction> vfs = List.of(
                new VirtualFunction(0, PciAddress.parse("0000:03:00.2"), "1018", "mlx5_core", "enp3s0f0v0", "enp3s0f0_0"),
                change.apply(new VirtualFunction(1, PciAddress.parse("0000:03:00.3"), "1018", "mlx5_core", "enp3s0f0v1",
                        "enp3s0f0_1")),
                new VirtualFunction(2, PciAddress.parse("0000:03:00.4"), "1018", "mlx5_core", "enp3s0f0v2", "enp3s0f0_2"));
        return new PhysicalFunction(PciAddress.parse("0000:03:00.0"), "15b3", "1017", "mellanox-connectx5", null,
                null, "mlx5_core", "enp3s0f0", 0, 30, new LinkState("up", true, 1500, "a0:36:9f:8f:3f:b8"),
                new SriovCapability(8, 3, 2, 1, "1018"), mode, tcOffload, "enp3s0f0", null, vfs, List.of());
    }

    private static VirtualFunction withRepresentor(VirtualFunction vf, String representor) {
        return new VirtualFunction(vf.index(), vf.pciAddress(), vf.deviceId(), vf.driver(), vf.netdev(), representor);
    }

    private static VirtualFunction withDriver(VirtualFunction vf, String driver) {
        return new VirtualFunction(vf.index(), vf.pciAddress(), vf.deviceId(), driver, vf.netdev(), vf.representor());
    }
}
