package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpec.ResourcePoolSpec;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External mode on a nicsim BlueField-2 host: the agent restarts sriov-network-device-plugin's pod on its own node
 * when the node's pools change (it reads them only at start), never one on another node or a pod it does not select,
 * and not again while nothing changes.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class AgentExternalDevicePluginTest {
    private static final String NODE = "worker-1";
    private static final String NAMESPACE = "kube-system";

    KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeEach
    void installCrd() {
        MockCluster.installCrds(client);
    }

    @Test
    void restartsThePluginPodOnItsNodeAfterItsPoolsChange() throws Exception {
        Instant longAgo = Instant.now().minus(1, ChronoUnit.HOURS);
        pod("sriovdp-here", NODE, Map.of("app", "sriovdp"), longAgo);
        pod("sriovdp-elsewhere", "worker-2", Map.of("app", "sriovdp"), longAgo);
        pod("unrelated-here", NODE, Map.of("app", "other"), longAgo);
        pod("sriovdp-starting", NODE, Map.of("app", "sriovdp"), null);

        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode();
             NodeAgent agent = agent(local)) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));

            NodeStateStatus first = agent.reconcileOnce().orElseThrow();

            assertThat(pods()).containsExactlyInAnyOrder("sriovdp-elsewhere", "unrelated-here", "sriovdp-starting");
            DevicePluginStatus plugin = first.devicePlugin();
            assertThat(plugin.mode()).isEqualTo("external");
            assertThat(plugin.pools()).containsExactly("mellanox.com/mlnx_sriov_cx6 2/2 healthy");
            assertThat(plugin.lastAdvertised()).isNotNull();
            assertThat(plugin.message()).startsWith("restarted kube-system/sriovdp-here to advertise the node's pools again");
            assertThat(NodeStates.status(client, NODE).devicePlugin()).isEqualTo(plugin);

            // Its DaemonSet's new pod started after the change: it has read the pools already.
            pod("sriovdp-new", NODE, Map.of("app", "sriovdp"), Instant.now());
            agent.reconcileOnce();
            assertThat(pods()).contains("sriovdp-new");

            // The operator narrows the pool: the node's pools change again, and the plugin must read them again.
            PolicySpec spec = node.spec;
            ResourcePoolSpec pool = spec.resourcePools().get(0);
            PolicySpec narrowed = new PolicySpec(spec.nodeSelector(), spec.nicSelector(), spec.numVfs(), spec.eswitchMode(),
                    spec.hwTcOffload(), List.of(new ResourcePoolSpec(pool.resourcePrefix(), pool.resourceName(), "2-2",
                    pool.isRdma())), spec.cni(), spec.ovs(), spec.rollout());
            NodeStates.replaceSpec(client, NODE, node.nodeStateSpec(NODE, narrowed));
            NodeStateStatus narrowedStatus = agent.reconcileOnce().orElseThrow();

            assertThat(pods()).containsExactlyInAnyOrder("sriovdp-elsewhere", "unrelated-here", "sriovdp-starting");
            assertThat(narrowedStatus.devicePlugin().pools()).containsExactly("mellanox.com/mlnx_sriov_cx6 1/1 healthy");
            assertThat(narrowedStatus.devicePlugin().message()).startsWith("restarted kube-system/sriovdp-new");
        }
    }

    @Test
    void withoutAPluginPodOnTheNodeTheStatusSaysSo() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
             LocalNode local = node.localNode();
             NodeAgent agent = agent(local)) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));

            DevicePluginStatus plugin = agent.reconcileOnce().orElseThrow().devicePlugin();

            assertThat(plugin.lastAdvertised()).isNull();
            assertThat(plugin.message()).startsWith("no device plugin pod (app=sriovdp in kube-system) on this node");
        }
    }

    private NodeAgent agent(LocalNode local) {
        ExternalDevicePlugin plugin = new ExternalDevicePlugin(client, NODE, NAMESPACE, PodLabelSelector.parse("app=sriovdp"),
                new DevicePools(SeedNodeFixture.CATALOG), () -> local.observe().inventory(), Clock.systemUTC());
        CoverageSampler noVswitchd = SeedNodeFixture.noVswitchd(temp);
        return new NodeAgent(client, NODE, new NodeReconciler(local, false), noVswitchd, new AgentMetrics(NODE),
                NodeAgent.DEFAULT_RESYNC, NodeAgent.DEFAULT_COVERAGE_INTERVAL, Clock.systemUTC(), plugin,
                Duration.ofSeconds(2));
    }

    /** A pod as the kubelet reports it: its container running since {@code started}, or not started (null). */
    private void pod(String name, String nodeName, Map<String, String> labels, Instant started) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name).withLabels(labels)
                .endMetadata().withNewSpec().withNodeName(nodeName).addNewContainer().withName("kube-sriovdp")
                .withImage("ghcr.io/k8snetworkplumbingwg/sriov-network-device-plugin:latest").endContainer().endSpec();
        if (started != null) {
            pod.withNewStatus().addNewContainerStatus().withName("kube-sriovdp").withNewState().withNewRunning()
                    .withStartedAt(started.truncatedTo(ChronoUnit.SECONDS).toString()).endRunning().endState()
                    .endContainerStatus().endStatus();
        }
        client.resource(pod.build()).create();
    }

    private List<String> pods() {
        return client.pods().inNamespace(NAMESPACE).list().getItems().stream().map(Pod::getMetadata)
                .map(m -> m.getName()).toList();
    }
}
