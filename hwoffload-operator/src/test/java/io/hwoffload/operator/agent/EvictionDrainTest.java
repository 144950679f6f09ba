package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.core.policy.RolloutPolicy.DrainMode;
import io.hwoffload.operator.testing.EvictingCrudDispatcher;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pods a drain moves, as kubectl drain --ignore-daemonsets would, and which hold it. */
class EvictionDrainTest {
    private static final String NODE = "worker-1";
    private static final Set<String> VF = Set.of("mellanox.com/cx5");

    private MockCluster cluster;
    private KubernetesClient client;
    private EvictionDrain drain;

    @BeforeEach
    void start() {
        cluster = MockCluster.start(new EvictingCrudDispatcher());
        client = cluster.client();
        client.resource(new NodeBuilder().withNewMetadata().withName(NODE).endMetadata().withNewSpec()
                .withUnschedulable(false).endSpec().build()).create();
        pod("vf", "ReplicaSet", true, false, false);
        pod("plain", "ReplicaSet", false, false, false);
        pod("daemon", "DaemonSet", true, false, false);
        pod("mirror", null, true, true, false);
        pod("bare", null, false, false, false);
        pod("scratch", "ReplicaSet", false, false, true);
        pod("elsewhere", "ReplicaSet", true, false, false, "worker-2");
        drain = new EvictionDrain(client, NODE, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        drain.close();
        cluster.close();
    }

    @Test
    void vfPodsMovesOnlyThePodsHoldingAVf() throws Exception {
        NodeDrain.Result result = drain.drain(DrainMode.VF_PODS, VF, Instant.now().plusSeconds(2));

        assertThat(result.drained()).isTrue();
        assertThat(pods()).containsExactlyInAnyOrder("plain", "daemon", "mirror", "bare", "scratch", "elsewhere");
    }

    @Test
    void allMovesEveryPodButDaemonSetsAndMirrorPodsAndNamesThoseThatHoldIt() throws Exception {
        NodeDrain.Result result = drain.drain(DrainMode.ALL, VF, Instant.now().plusMillis(500));

        assertThat(result.drained()).isFalse();
        assertThat(result.remaining()).containsOnlyKeys("default/bare", "default/scratch");
        assertThat(result.describe()).contains("default/bare (no controller would recreate it")
                .contains("default/scratch (its emptyDir (local storage) would be lost");
        assertThat(pods()).containsExactlyInAnyOrder("daemon", "mirror", "bare", "scratch", "elsewhere");
    }

    @Test
    void cordonAndUncordonSetTheNodesUnschedulable() {
        assertThat(drain.isUnschedulable()).isFalse();
        drain.cordon();
        assertThat(drain.isUnschedulable()).isTrue();
        drain.uncordon();
        assertThat(client.nodes().withName(NODE).get().getSpec().getUnschedulable()).isFalse();
    }

    private void pod(String name, String ownerKind, boolean vf, boolean mirror, boolean emptyDir) {
        pod(name, ownerKind, vf, mirror, emptyDir, NODE);
    }

    private void pod(String name, String ownerKind, boolean vf, boolean mirror, boolean emptyDir, String node) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withAnnotations(mirror ? Map.of("kubernetes.io/config.mirror", "hash") : Map.of()).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("busybox")
                .withNewResources().withRequests(vf ? Map.of("mellanox.com/cx5", new Quantity("1")) : Map.of())
                .endResources().endContainer().endSpec();
        if (ownerKind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(name)
                    .withUid(name + "-uid").withController(true).endOwnerReference().endMetadata();
        }
        if (emptyDir) {
            pod.editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec();
        }
        client.resource(pod.build()).create();
    }

    private List<String> pods() {
        return client.pods().inNamespace("default").list().getItems().stream().map(Pod::getMetadata)
                .map(m -> m.getName()).toList();
    }
}
