package io.hwoffload.core.plan;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.SriovCapability;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The planner's sequences on hand-made inventories: the families and cases no nicsim seed has. */
class PlannerTest {
    private static final NicCatalog CATALOG = NicCatalog.bundled();
    private static final PciAddress E810 = PciAddress.parse("0000:17:00.0");
    private static final PciAddress NFP = PciAddress.parse("0000:04:00.0");

    private static PhysicalFunction pf(PciAddress address, String vendor, String device, String model, String driver,
                                       String netdev, int numVfs, String vfDriver, EswitchMode mode, boolean hwTc) {
        List<VirtualFunction> vfs = new ArrayList<>();
        for (int i = 0; i < numVfs; i++) {
            vfs.add(new VirtualFunction(i, address.virtualFunction(8, 1, i), "x", vfDriver, null, null));
        }
        return new PhysicalFunction(address, vendor, device, model, null, null, driver, netdev, 0, 1,
                new LinkState("up", true, 1500, null), new SriovCapability(64, numVfs, 8, 1, "x"), mode, hwTc,
                null, null, vfs, List.of());
    }

    /** The reference ConnectX-5 PF enp3s0f0 at 0000:03:00.0 with mlx5_core VFs. */
    private static PhysicalFunction connectx5(int numVfs, EswitchMode mode, boolean hwTc) {
        return pf(PciAddress.parse("0000:03:00.0"), "15b3", "1017", "mellanox-connectx5", "mlx5_core", "enp3s0f0", numVfs,
                "mlx5_core", mode, hwTc);
    }

    private static NodeInventory node(PhysicalFunction pf) {
        return new NodeInventory("/sys", null, List.of(pf), List.of());
    }

    private static List<OffloadPolicy> policy(String nic, String more) {
        return namedPolicy("p", "  nicSelector: " + nic + "\n  cni: {type: antrea}\n" + more);
    }

    private static List<OffloadPolicy> namedPolicy(String name, String spec) {
        return PolicyReader.read(("apiVersion: hwoffload.io/v1alpha1\nkind: OffloadPolicy\nmetadata: {name: " + name
                + "}\nspec:\n" + spec).getBytes(StandardCharsets.UTF_8), name + ".yaml");
    }

    private static Plan plan(List<OffloadPolicy> policies, PhysicalFunction pf, OvsConfig ovs, OwnershipRecord record) {
        DesiredNode desired = new NodeConfigResolver(CATALOG).resolve(policies, node(pf));
        return new Planner().plan(desired, new ObservedNode(node(pf), ovs, Map.of()), record);
    }

    private static List<String> commands(List<OffloadPolicy> policies, PhysicalFunction pf, OvsConfig ovs) {
        return plan(policies, pf, ovs, OwnershipRecord.EMPTY).steps().stream().map(s -> s.action().command()).toList();
    }

    @Test
    void iceSetsTheModeWithNoVfs() {
        PhysicalFunction e810 = pf(E810, "8086", "1592", "intel-e810", "ice", "ens1f0", 2, "iavf", EswitchMode.LEGACY, true);
        assertThat(commands(policy("{pfNames: [ens1f0]}", "  numVfs: 4\n"), e810, null)).containsExactly(
                "echo 0 > /sys/class/net/ens1f0/device/sriov_numvfs",
                "devlink dev eswitch set pci/0000:17:00.0 mode switchdev",
                "echo 4 > /sys/class/net/ens1f0/device/sriov_numvfs");
    }

    @Test
    void iceChangesTheVfCountWithoutTouchingTheModeOrTheDrivers() {
        PhysicalFunction e810 = pf(E810, "8086", "1592", "intel-e810", "ice", "ens1f0", 4, "iavf", EswitchMode.SWITCHDEV, true);
        assertThat(commands(policy("{pfNames: [ens1f0]}", "  numVfs: 8\n"), e810, null)).containsExactly(
                "echo 0 > /sys/class/net/ens1f0/device/sriov_numvfs",
                "echo 8 > /sys/class/net/ens1f0/device/sriov_numvfs");
    }

    @Test
    void anEswitchDevlinkCannotSetIsAPlanErrorNamingTheField() {
        PhysicalFunction unknown = pf(PciAddress.parse("0000:05:00.0"), "abcd", "0001", null, "foo", "eth9", 2, "foovf",
                EswitchMode.UNSUPPORTED, false);
        assertThatThrownBy(() -> commands(policy("{pfNames: [eth9]}", "  numVfs: 2\n"), unknown, null))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("devlink reports the eSwitch of eth9 (0000:05:00.0) as unsupported, so spec.eswitchMode"
                        + " switchdev cannot be set (the NIC is not in the catalog)")
                .hasMessageContaining("switchdev: vendor or firmware in a --catalog file");
    }

    @Test
    void vfsOfADriverNobodyCanNameAreUnboundThroughTheirDeviceAndRebound() {
        PhysicalFunction unknown = pf(PciAddress.parse("0000:05:00.0"), "abcd", "0001", null, "foo", "eth9", 0, null,
                EswitchMode.LEGACY, false);
        List<String> commands = commands(policy("{pfNames: [eth9]}", "  numVfs: 1\n"), unknown, null);
        assertThat(commands).startsWith("echo 1 > /sys/class/net/eth9/device/sriov_numvfs",
                "echo 0000:05:01.0 > /sys/bus/pci/devices/0000:05:01.0/driver/unbind",
                "devlink dev eswitch set pci/0000:05:00.0 mode switchdev");
    }

    @Test
    void rebindingVfsHwoffloadCreatedNeedsNoDrainButOthersDo() {
        PhysicalFunction cx5 = connectx5(4, EswitchMode.LEGACY, true);
        List<OffloadPolicy> policies = policy("{pfNames: [enp3s0f0]}", "  numVfs: 4\n");
        assertThat(plan(policies, cx5, null, OwnershipRecord.EMPTY).disruptions()).containsExactly(Disruption.NODE_DRAIN);
        OwnershipRecord createdByUs = new OwnershipRecord(Map.of("0000:03:00.0", new OwnershipRecord.OwnedFunction("enp3s0f0",
                "mellanox-connectx5", 0, EswitchMode.LEGACY, false)), Map.of(), List.of(), List.of());
        assertThat(plan(policies, cx5, null, createdByUs).disruptions()).isEmpty();
    }

    @Test
    void aDpuPolicyWithoutAnOvsSectionStillSetsItsExternalIds() {
        PhysicalFunction p0 = pf(PciAddress.parse("0000:03:00.0"), "15b3", "a2d6", null, "mlx5_core", "p0", 0, null,
                EswitchMode.SWITCHDEV, true);
        List<OffloadPolicy> dpu = namedPolicy("d", "  nicSelector: {pfNames: [p0]}\n  cni: {type: ovn-kubernetes, ovnKubernetes:"
                + " {nodeMode: dpu, hostNodeName: h1, gatewayInterface: p0}}\n");
        assertThat(commands(dpu, p0, new OvsConfig("3.1.0", Map.of(), Map.of()))).containsExactly(
                "ovs-vsctl set Open_vSwitch . external_ids:host-k8s-nodename=h1",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-gw-interface=p0");
    }

    @Test
    void mlx5ChangingTheVfCountGoesThroughLegacyAndZeroAndNeedsADrain() {
        PhysicalFunction cx5 = connectx5(2, EswitchMode.SWITCHDEV, true);
        Plan plan = plan(policy("{pfNames: [enp3s0f0]}", "  numVfs: 3\n"), cx5, null, OwnershipRecord.EMPTY);
        assertThat(plan.steps()).extracting(s -> s.action().command()).startsWith(
                "devlink dev eswitch set pci/0000:03:00.0 mode legacy",
                "echo 0 > /sys/class/net/enp3s0f0/device/sriov_numvfs",
                "echo 3 > /sys/class/net/enp3s0f0/device/sriov_numvfs");
        assertThat(plan.steps()).extracting(Step::disruption).startsWith(Disruption.NODE_DRAIN, Disruption.NODE_DRAIN,
                Disruption.NONE);
        assertThat(plan.disruptions()).containsExactly(Disruption.NODE_DRAIN);
    }

    @Test
    void corigineWithoutFlowerFirmwareNeedsTheVendorsStepsByHand() {
        PhysicalFunction nfp = pf(NFP, "19ee", "4000", "corigine-agilio-cx", "nfp", "ens47", 0, "nfp_netvf",
                EswitchMode.LEGACY, false);
        Plan plan = plan(policy("{pfNames: [ens47]}", "  numVfs: 4\n"), nfp, null, OwnershipRecord.EMPTY);
        Step first = plan.steps().get(0);
        assertThat(first.action().isManual()).isTrue();
        assertThat(first.action().command()).isEqualTo("./agilio-tc-fw-select.sh ens47 scan && rmmod nfp && modprobe nfp");
        assertThat(plan.steps()).extracting(s -> s.action().command()).contains("echo 4 > /sys/class/net/ens47/device/sriov_numvfs");
        assertThat(plan.steps()).noneMatch(s -> s.action().command().startsWith("devlink"));
    }

    @Test
    void aConvergedNodeHasAnEmptyPlanAndOvsStepsOnlyForWhatDiffers() {
        PhysicalFunction cx5 = connectx5(4, EswitchMode.SWITCHDEV, true);
        List<OffloadPolicy> policies = policy("{pfNames: [enp3s0f0]}", "  numVfs: 4\n  ovs: {hwOffload: true, tcPolicy: skip_sw,"
                + " bridges: [{name: br-ex, ports: [enp3s0f0]}]}\n");
        OvsConfig done = new OvsConfig("3.1.0", Map.of("hw-offload", "true", "tc-policy", "skip_sw"), Map.of(),
                List.of(new OvsBridge("br-ex", List.of("br-ex", "enp3s0f0"))));
        assertThat(commands(policies, cx5, done)).isEmpty();
        OvsConfig half = new OvsConfig("3.1.0", Map.of("hw-offload", "false"), Map.of(), List.of(new OvsBridge("br-ex", List.of("br-ex"))));
        assertThat(commands(policies, cx5, half)).containsExactly(
                "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true",
                "ovs-vsctl set Open_vSwitch . other_config:tc-policy=skip_sw",
                "ovs-vsctl add-port br-ex enp3s0f0");
    }

    /** The kernel accepts legacy on a BlueField's Arm side; the planner does not. */
    @Test
    void aDpuIsNeverTakenToLegacy() {
        PhysicalFunction p0 = pf(PciAddress.parse("0000:03:00.0"), "15b3", "a2d6", "nvidia-bluefield2-dpu", "mlx5_core",
                "p0", 0, "mlx5_core", EswitchMode.SWITCHDEV, true);
        List<OffloadPolicy> policies = namedPolicy("dpu", """
                  nicSelector: {pfNames: [p0]}
                  eswitchMode: legacy
                  cni: {type: ovn-kubernetes, ovnKubernetes: {nodeMode: dpu, hostNodeName: h, gatewayInterface: p0}}
                """);

        assertThatThrownBy(() -> plan(policies, p0, new OvsConfig("3.1.0", Map.of(), Map.of()), OwnershipRecord.EMPTY))
                .isInstanceOf(PlanException.class).hasMessageContaining("spec.eswitchMode legacy on")
                .hasMessageContaining("leave it in switchdev");
    }

    /** docs/installation/launching-ovn-kubernetes-with-dpu.md's DPU external_ids, each where the policy gives it. */
    @Test
    void aDpuGetsTheOvnSettingsOfTheDpuGuide() {
        PhysicalFunction p0 = pf(PciAddress.parse("0000:03:00.0"), "15b3", "a2d6", "nvidia-bluefield2-dpu", "mlx5_core",
                "p0", 0, "mlx5_core", EswitchMode.SWITCHDEV, true);
        List<OffloadPolicy> policies = namedPolicy("dpu", """
                  nicSelector: {pfNames: [p0]}
                  cni:
                    type: ovn-kubernetes
                    ovnKubernetes: {nodeMode: dpu, hostNodeName: dpu-host, gatewayInterface: brp0,
                                    gatewayNexthop: 203.0.113.1, chassisHostname: dpu, encapIp: 198.51.100.10,
                                    encapType: geneve, gatewayRouterSubnet: 203.0.113.0/24, gatewayVlanId: 3}
                """);

        assertThat(commands(policies, p0, new OvsConfig("3.1.0", Map.of(), Map.of()))).containsExactly(
                "ovs-vsctl set Open_vSwitch . external_ids:host-k8s-nodename=dpu-host",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-gw-interface=brp0",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-gw-nexthop=203.0.113.1",
                "ovs-vsctl set Open_vSwitch . external_ids:hostname=dpu",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-encap-ip=198.51.100.10",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-encap-type=geneve",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-gw-router-subnet=203.0.113.0/24",
                "ovs-vsctl set Open_vSwitch . external_ids:ovn-gw-vlanid=3");
    }

    /**
     * Kube-OVN's start-ovs.sh writes other_config:hw-offload from HW_OFFLOAD at every start: two writers would undo
     * each other, so under Kube-OVN the plan checks it and, when it differs, ends with the by-hand fix.
     */
    @Test
    void underKubeOvnHwOffloadIsCheckedNotWritten() {
        PhysicalFunction cx5 = connectx5(4, EswitchMode.SWITCHDEV, true);
        List<OffloadPolicy> policies = namedPolicy("kube-ovn", "  nicSelector: {pfNames: [enp3s0f0]}\n  numVfs: 4\n"
                + "  cni: {type: kube-ovn, kubeOvn: {enableLb: false}}\n  ovs: {hwOffload: true, tcPolicy: skip_sw}\n");
        OvsConfig byKubeOvn = new OvsConfig("3.1.0", Map.of("hw-offload", "true"), Map.of(), List.of());
        assertThat(commands(policies, cx5, byKubeOvn)).containsExactly(
                "ovs-vsctl set Open_vSwitch . other_config:tc-policy=skip_sw");

        OvsConfig offByKubeOvn = new OvsConfig("3.1.0", Map.of("hw-offload", "false"), Map.of(), List.of());
        Plan plan = plan(policies, cx5, offByKubeOvn, OwnershipRecord.EMPTY);
        assertThat(plan.steps()).extracting(s -> s.action().getClass().getSimpleName())
                .containsExactly("SetOvsSetting", "FixCniSetting");
        Step last = plan.steps().get(1);
        assertThat(last.action().isManual()).isTrue();
        assertThat(last.action().command()).contains("HW_OFFLOAD=true", "func.HW_OFFLOAD", "features.enableHardwareOffload",
                "kubectl -n kube-system rollout restart daemonset/ovs-ovn");
        assertThat(last.why()).contains("Kube-OVN's start-ovs.sh (HW_OFFLOAD) writes it");
        assertThat(last.action().isDone(new ObservedNode(node(cx5), byKubeOvn, Map.of()))).isTrue();
    }

    @Test
    void resetReturnsOnlyWhatTheRecordOwns() {
        PhysicalFunction cx5 = connectx5(4, EswitchMode.SWITCHDEV, true);
        OvsConfig ovs = new OvsConfig("3.1.0", Map.of("hw-offload", "true", "max-idle", "500"), Map.of(),
                List.of(new OvsBridge("brp0", List.of("brp0", "p0")), new OvsBridge("br-int", List.of("br-int", "x"))));
        ObservedNode before = new ObservedNode(node(connectx5(0, EswitchMode.LEGACY, false)),
                new OvsConfig("3.1.0", Map.of("max-idle", "500"), Map.of(), List.of(new OvsBridge("br-int", List.of("br-int", "x")))),
                Map.of());
        OwnershipRecord record = OwnershipRecord.EMPTY
                .claim(new Action.WriteNumVfs(cx5.pciAddress(), "enp3s0f0", false, 4), before)
                .claim(new Action.SetOvsSetting(OvsColumn.OTHER_CONFIG, "hw-offload", "true"), before)
                .claim(new Action.SetOvsBridge("brp0", true), before)
                .claim(new Action.SetOvsPort("br-int", "y", true), before);
        // a later claim never overwrites an original
        assertThat(record.claim(new Action.SetEswitchMode(cx5.pciAddress(), EswitchMode.SWITCHDEV), new ObservedNode(
                node(cx5), ovs, Map.of()))).isEqualTo(record);

        NodeInventory now = node(cx5);
        DesiredNode reset = new NodeConfigResolver(CATALOG).resolveReset(record, now);
        OvsConfig withY = new OvsConfig("3.1.0", ovs.otherConfig(), Map.of(),
                List.of(new OvsBridge("brp0", List.of("brp0", "p0")), new OvsBridge("br-int", List.of("br-int", "x", "y"))));
        assertThat(new Planner().plan(reset, new ObservedNode(now, withY, Map.of())).steps()).extracting(s -> s.action().command())
                .containsExactly("devlink dev eswitch set pci/0000:03:00.0 mode legacy",
                        "echo 0 > /sys/class/net/enp3s0f0/device/sriov_numvfs",
                        "ethtool -K enp3s0f0 hw-tc-offload off",
                        "ovs-vsctl remove Open_vSwitch . other_config hw-offload",
                        "ovs-vsctl del-port br-int y",
                        "ovs-vsctl del-br brp0");
    }

    @Test
    void twoPoliciesForOnePfAreRefused() {
        PhysicalFunction cx5 = connectx5(0, EswitchMode.LEGACY, false);
        List<OffloadPolicy> both = new ArrayList<>(policy("{pfNames: [enp3s0f0]}", "  numVfs: 2\n"));
        both.addAll(namedPolicy("q", "  nicSelector: {vendor: \"15b3\"}\n  numVfs: 4\n  cni: {type: antrea}\n"));
        assertThatThrownBy(() -> new NodeConfigResolver(CATALOG).resolve(both,
                node(cx5)))
                .isInstanceOf(PlanException.class).hasMessageContaining("policies p and q both select enp3s0f0");
    }
}
