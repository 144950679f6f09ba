package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.ovs.HostFootprint;
import io.hwoffload.operator.agent.SeedNodeFixture.Seed;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.NicStatus;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpec.ResourcePoolSpec;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One reconcile at a time against the mock API server (CRUD mode, the generated CRD installed), on nicsim nodes of
 * the reference setups with a real ovsdb-server where the policy sets OVS: the node reaches the seed's end state and
 * the status says so; invalid specs, drains and vendor steps end in a not-ready status that names the fix.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(120)
class NodeAgentReconcileTest {
    static final List<Seed> SEEDS = SeedNodeFixture.SEEDS;
    private static final String NODE = "worker-1";
    private static HostFootprint before;

    KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void takeFootprint() throws Exception {
        before = HostFootprint.take();
    }

    @AfterAll
    static void checkNothingLeft() throws Exception {
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @BeforeEach
    void installCrd() {
        MockCluster.installCrds(client);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SEEDS")
    void convergesTheSeedAndASecondReconcileChangesNothing(Seed seed) throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(seed, temp.resolve("node"));
             LocalNode local = node.localNode()) {
            List<String> planned = node.plannedCommands();
            assertThat(planned).isNotEmpty();
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
            NodeAgent agent = agent(local, false);

            NodeStateStatus first = agent.reconcileOnce().orElseThrow();

            Condition ready = ready(first);
            assertThat(ready.getStatus()).as(ready.getMessage()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("Converged");
            assertThat(ready.getObservedGeneration()).isEqualTo(1L);
            assertThat(first.observedGeneration()).isEqualTo(1L);
            assertThat(first.appliedSteps()).isEqualTo(planned);
            assertThat(first.lastError()).isNull();
            assertThat(node.plannedCommands()).as("plan after the agent's apply").isEmpty();
            if (node.spec.numVfs() != null) {
                assertThat(first.vfsConfigured()).isEqualTo(node.spec.numVfs());
            }
            assertThat(NodeStates.status(client, NODE)).as("the stored status").isEqualTo(first);

            NodeStateStatus second = agent.reconcileOnce().orElseThrow();
            assertThat(second.appliedSteps()).isEmpty();
            assertThat(ready(second).getStatus()).isEqualTo("True");
            assertThat(ready(second).getLastTransitionTime()).isEqualTo(ready.getLastTransitionTime());
            assertThat(second.nics()).isEqualTo(first.nics());
        }
    }

    @Test
    void connectx5EndsWithFourVfsInSwitchdevAndOvsHwOffload() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.CONNECTX5, temp.resolve("cx5"));
             LocalNode local = node.localNode()) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));

            NodeStateStatus status = agent(local, false).reconcileOnce().orElseThrow();

            PhysicalFunction pf = node.pf("enp3s0f0");
            assertThat(pf.sriov().numVfs()).isEqualTo(4);
            assertThat(pf.eswitchMode()).isEqualTo(EswitchMode.SWITCHDEV);
            assertThat(pf.hwTcOffload()).isTrue();
            assertThat(pf.vfs()).hasSize(4).allMatch(v -> "mlx5_core".equals(v.driver()) && v.representor() != null);
            assertThat(node.ovsConfig().otherConfig()).containsEntry("hw-offload", "true");
            assertThat(status.appliedSteps()).hasSize(13)
                    .startsWith("echo 4 > /sys/class/net/enp3s0f0/device/sriov_numvfs")
                    .endsWith("ovs-vsctl set Open_vSwitch . other_config:hw-offload=true");
            assertThat(status.vfsConfigured()).isEqualTo(4);
            assertThat(status.pendingSteps()).singleElement().asString().contains("ovs-vswitchd restarts");
            assertThat(ready(status).getMessage()).contains("mellanox-antrea").contains("ovs-vswitchd restarts");
            assertThat(status.nics()).contains(new NicStatus("0000:03:00.0", "mellanox-connectx5", "mlx5_core", "enp3s0f0",
                    "switchdev", pf.sriov().totalVfs(), 4));
        }
    }

    @Test
    void bluefield2HostEndsWithThreeVfsAndHwTcOffloadWithoutOvs() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode()) {
            assertThat(node.ovs).as("a DPU host runs no OVS").isNull();
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));

            NodeStateStatus status = agent(local, false).reconcileOnce().orElseThrow();

            PhysicalFunction pf = node.pf("enp2s0f0np0");
            assertThat(pf.sriov().numVfs()).isEqualTo(3);
            assertThat(pf.hwTcOffload()).isTrue();
            assertThat(ready(status).getStatus()).isEqualTo("True");
            assertThat(status.vfsConfigured()).isEqualTo(3);
            assertThat(status.pendingSteps()).isEmpty();
            assertThat(status.nics()).filteredOn(n -> "enp2s0f0np0".equals(n.netdev())).singleElement()
                    .satisfies(n -> {
                        assertThat(n.numVfs()).isEqualTo(3);
                        assertThat(n.model()).isEqualTo("nvidia-bluefield2-host");
                    });
        }
    }

    @Test
    void anInvalidSpecNamesTheFieldAndLeavesTheNodeUntouched() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.CONNECTX5, temp.resolve("cx5"));
             LocalNode local = node.localNode()) {
            PolicySpec invalid = withPools(node.spec, new ResourcePoolSpec("mellanox.com", "cx5_sriov_switchdev", "0-7", true));
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE, invalid));
            String tree = node.treeFingerprint();
            var ovsBefore = node.ovsConfig();

            NodeStateStatus status = agent(local, false).reconcileOnce().orElseThrow();

            assertThat(ready(status).getStatus()).isEqualTo("False");
            assertThat(ready(status).getReason()).isEqualTo("InvalidPolicy");
            assertThat(status.lastError()).contains("spec.resourcePools[0].vfRange").contains("mellanox-antrea");
            assertThat(ready(status).getMessage()).isEqualTo(status.lastError());
            assertThat(status.appliedSteps()).isEmpty();
            assertThat(status.vfsConfigured()).isNull();
            assertThat(status.nics()).extracting(NicStatus::netdev).contains("enp3s0f0");
            assertThat(node.treeFingerprint()).as("the nicsim tree").isEqualTo(tree);
            assertThat(node.ovsConfig()).isEqualTo(ovsBefore);
        }
    }

    @Test
    void aPolicyForAnotherNodeIsNotApplicableHereAndChangesNothing() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode()) {
            PolicySpec cx5 = SeedNodeFixture.policySpec(SeedNodeFixture.CONNECTX5);
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE, cx5));
            String tree = node.treeFingerprint();

            NodeStateStatus status = agent(local, false).reconcileOnce().orElseThrow();

            // Four of the five example policies select every node: one without the NIC is not an error.
            Condition ready = ready(status);
            assertThat(ready.getStatus()).isEqualTo("True");
            assertThat(ready.getReason()).isEqualTo("NotApplicable");
            assertThat(ready.getMessage()).startsWith("no PF here matches the node's policies (bluefield2-dpu-host wants vendor 15b3, device 1017")
                    .endsWith("nothing to configure");
            assertThat(status.lastError()).isNull();
            assertThat(status.vfsConfigured()).isZero();
            assertThat(node.treeFingerprint()).isEqualTo(tree);
        }
    }

    @Test
    void aSpecThatRemovesVfsWaitsForAllowDisruptionWithItsDrainSteps() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.CONNECTX5, temp.resolve("cx5"));
             LocalNode local = node.localNode()) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
            assertThat(ready(agent(local, false).reconcileOnce().orElseThrow()).getStatus()).isEqualTo("True");
            PolicySpec twoVfs = withNumVfs(withPools(node.spec,
                    new ResourcePoolSpec("mellanox.com", "cx5_sriov_switchdev", "0-1", true)), 2);
            NodeStates.replaceSpec(client, NODE, node.nodeStateSpec(NODE, twoVfs));
            String tree = node.treeFingerprint();

            NodeStateStatus refused = agent(local, false).reconcileOnce().orElseThrow();

            assertThat(refused.observedGeneration()).isEqualTo(2L);
            assertThat(ready(refused).getStatus()).isEqualTo("False");
            assertThat(ready(refused).getReason()).isEqualTo("DisruptionRefused");
            assertThat(ready(refused).getObservedGeneration()).isEqualTo(2L);
            assertThat(refused.lastError()).contains("--allow-disruption");
            assertThat(refused.pendingSteps()).isNotEmpty()
                    .contains("echo 0 > /sys/class/net/enp3s0f0/device/sriov_numvfs")
                    .isSubsetOf(node.plannedCommands(twoVfs));
            assertThat(refused.appliedSteps()).isEmpty();
            assertThat(node.treeFingerprint()).as("nothing ran").isEqualTo(tree);
            assertThat(node.pf("enp3s0f0").sriov().numVfs()).isEqualTo(4);

            NodeStateStatus allowed = agent(local, true).reconcileOnce().orElseThrow();

            assertThat(ready(allowed).getStatus()).as(ready(allowed).getMessage()).isEqualTo("True");
            assertThat(allowed.appliedSteps()).containsAll(refused.pendingSteps());
            assertThat(allowed.pendingSteps()).isEmpty();
            assertThat(allowed.lastError()).isNull();
            assertThat(node.pf("enp3s0f0").sriov().numVfs()).isEqualTo(2);
            assertThat(allowed.vfsConfigured()).isEqualTo(2);
        }
    }

    @Test
    void aVendorStepByHandIsPendingWithItsCommandsAndTheNodeConvergesAfterIt() throws Exception {
        // A Corigine card as shipped: CoreNIC, whose eSwitch only the flower firmware runs (seed 001's by-hand step).
        SeedNodeFixture.Seed shipped = new SeedNodeFixture.Seed("corigine-kube-ovn", "corigine-kube-ovn",
                "corigine-agilio-cx", NicsimBoot.DEFAULTS);
        try (SeedNodeFixture node = SeedNodeFixture.start(shipped, temp.resolve("agilio"));
             LocalNode local = node.localNode()) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
            String tree = node.treeFingerprint();
            NodeAgent agent = agent(local, false);

            NodeStateStatus status = agent.reconcileOnce().orElseThrow();

            assertThat(ready(status).getStatus()).isEqualTo("False");
            assertThat(ready(status).getReason()).as(status.lastError()).isEqualTo("ManualStepsPending");
            String step = "./agilio-tc-fw-select.sh ens47np0 scan && rmmod nfp && modprobe nfp";
            assertThat(status.pendingSteps()).singleElement().asString().contains(step);
            assertThat(status.lastError()).contains("by hand").contains(step);
            assertThat(status.appliedSteps()).as("the vendor's step comes first").isEmpty();
            assertThat(node.treeFingerprint()).isEqualTo(tree);

            // The person does it (nicsim: the firmware link and the driver reload); the next resync converges.
            node.host.linkFirmware(PciAddress.parse("0000:04:00.0"), "flower");
            node.host.reloadDriver("nfp");
            NodeStateStatus after = agent.reconcileOnce().orElseThrow();
            assertThat(ready(after).getStatus()).as(after.lastError()).isEqualTo("True");
            assertThat(after.pendingSteps()).isEmpty();
            assertThat(after.appliedSteps()).asString().contains("echo 4 > /sys/class/net/ens47/device/sriov_numvfs");
        }
    }

    /** Kube-OVN writes hw-offload (start-ovs.sh): the agent reports that it differs and leaves it to Kube-OVN. */
    @Test
    void underKubeOvnAHwOffloadThatDiffersIsReportedNotFought() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.YUSUR, temp.resolve("yusur"));
             LocalNode local = node.localNode()) {
            node.cniStartedOvsWith(false);
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
            NodeAgent agent = agent(local, false);

            NodeStateStatus status = agent.reconcileOnce().orElseThrow();

            assertThat(ready(status).getReason()).as(status.lastError()).isEqualTo("ManualStepsPending");
            assertThat(status.pendingSteps()).singleElement().asString().contains("HW_OFFLOAD=true")
                    .contains("rollout restart daemonset/ovs-ovn");
            assertThat(status.appliedSteps()).as("everything hwoffload writes itself is done first").isNotEmpty()
                    .noneMatch(step -> step.contains("hw-offload"));
            assertThat(node.ovsConfig().otherConfig()).containsEntry("hw-offload", "false");

            node.cniStartedOvsWith(true);
            assertThat(ready(agent.reconcileOnce().orElseThrow()).getReason()).isEqualTo("Converged");
        }
    }

    @Test
    void withoutAnOffloadNodeStateThereIsNothingToDo() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode()) {
            String tree = node.treeFingerprint();

            Optional<NodeStateStatus> status = agent(local, false).reconcileOnce();

            assertThat(status).isEmpty();
            assertThat(NodeStates.get(client, NODE)).isNull();
            assertThat(node.treeFingerprint()).isEqualTo(tree);
        }
    }

    private NodeAgent agent(LocalNode local, boolean allowDisruption) {
        CoverageSampler noVswitchd = SeedNodeFixture.noVswitchd(temp);
        return new NodeAgent(client, NODE, new NodeReconciler(local, allowDisruption), noVswitchd, new AgentMetrics(NODE),
                NodeAgent.DEFAULT_RESYNC, NodeAgent.DEFAULT_COVERAGE_INTERVAL, Clock.systemUTC());
    }

    static Condition ready(NodeStateStatus status) {
        assertThat(status.conditions()).extracting(Condition::getType).containsOnlyOnce("Ready");
        return status.conditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst().orElseThrow();
    }

    private static PolicySpec withPools(PolicySpec spec, ResourcePoolSpec... pools) {
        return new PolicySpec(spec.nodeSelector(), spec.nicSelector(), spec.numVfs(), spec.eswitchMode(), spec.hwTcOffload(),
                List.of(pools), spec.cni(), spec.ovs(), spec.rollout());
    }

    private static PolicySpec withNumVfs(PolicySpec spec, int numVfs) {
        return new PolicySpec(spec.nodeSelector(), spec.nicSelector(), numVfs, spec.eswitchMode(), spec.hwTcOffload(),
                spec.resourcePools(), spec.cni(), spec.ovs(), spec.rollout());
    }
}
