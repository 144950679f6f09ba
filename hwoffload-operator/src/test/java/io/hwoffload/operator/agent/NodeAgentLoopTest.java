package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.host.NetlinkQueries;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.hwoffload.operator.agent.NodeAgentReconcileTest.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The running agent: it picks up an OffloadNodeState created and changed through the API, repairs drift on the node at
 * its resync, and leaves no thread behind when closed.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class NodeAgentLoopTest {
    private static final String NODE = "dpu-host-1";
    private static final String PF = "enp2s0f0np0";
    private static final Duration WAIT = Duration.ofSeconds(20);

    KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeEach
    void installCrd() {
        MockCluster.installCrds(client);
    }

    @Test
    void convergesOnCreateAndOnSpecChangeRepairsDriftAtResyncAndStopsCleanly() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode()) {
            CoverageSampler noVswitchd = SeedNodeFixture.noVswitchd(temp);
            NodeAgent agent = new NodeAgent(client, NODE, new NodeReconciler(local, false), noVswitchd,
                    new AgentMetrics(NODE), Duration.ofSeconds(1), Duration.ofMillis(200), Clock.systemUTC());
            try {
                agent.start();
                assertThat(agent.isWatching()).isTrue();

                NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
                NodeStateStatus created = awaitStatus(1L);
                assertThat(ready(created).getStatus()).as(ready(created).getMessage()).isEqualTo("True");
                assertThat(node.pf(PF).sriov().numVfs()).isEqualTo(3);
                assertThat(node.pf(PF).hwTcOffload()).isTrue();

                PolicySpec offloadOff = new PolicySpec(node.spec.nodeSelector(), node.spec.nicSelector(), node.spec.numVfs(),
                        node.spec.eswitchMode(), false, node.spec.resourcePools(), node.spec.cni(), node.spec.ovs(), node.spec.rollout());
                NodeStates.replaceSpec(client, NODE, node.nodeStateSpec(NODE, offloadOff));
                NodeStateStatus changed = awaitStatus(2L);
                assertThat(changed.appliedSteps()).containsExactly("ethtool -K " + PF + " hw-tc-offload off");
                assertThat(node.pf(PF).hwTcOffload()).isFalse();

                // Someone turns it back on by hand; the next resync puts the node back to its spec.
                node.host.setFeature(PF, NetlinkQueries.HW_TC_OFFLOAD, true);
                await().atMost(WAIT).until(() -> Boolean.FALSE.equals(node.pf(PF).hwTcOffload()));
                await().atMost(WAIT).untilAsserted(() -> assertThat(NodeStates.status(client, NODE).appliedSteps())
                        .containsExactly("ethtool -K " + PF + " hw-tc-offload off"));

                assertThat(NodeStates.status(client, NODE).coverage()).as("no ovs-vswitchd: no coverage").isNull();
            } finally {
                agent.close();
            }
            assertThat(agent.isWatching()).isFalse();
            assertThat(agentThreads()).as("threads of the agent after close").isEmpty();
        }
    }

    private NodeStateStatus awaitStatus(long generation) {
        return await().atMost(WAIT).until(() -> NodeStates.status(client, NODE),
                status -> status != null && Long.valueOf(generation).equals(status.observedGeneration()));
    }

    private static List<String> agentThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(AgentThreads.PREFIX)).toList();
    }
}
