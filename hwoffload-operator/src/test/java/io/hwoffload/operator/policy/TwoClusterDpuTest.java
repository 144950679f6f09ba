package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * OVN-Kubernetes deploys a DPU setup as two clusters, one of the hosts and one of the DPUs
 * (docs/installation/launching-ovn-kubernetes-with-dpu.md). One operator runs in each, with the side of seed 004's
 * policy file that belongs there; they share nothing, and the DPU side names its host by node name only.
 */
class TwoClusterDpuTest {
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void eachClustersOperatorRendersItsSideAndTheDpuNamesItsHostByNodeName() {
        KubernetesClient hosts = cluster("dpu-host", "k8s.ovn.org/dpu-host");
        KubernetesClient dpus = cluster("dpu", "k8s.ovn.org/dpu");
        List<OffloadPolicyResource> policies = ExamplePolicies.load("bluefield2-ovn-kubernetes");
        hosts.resource(policies.get(0)).create();
        dpus.resource(policies.get(1)).create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(assigned(hosts, "dpu-host")).extracting(AssignedPolicy::name).containsExactly("bluefield2-dpu-host");
            assertThat(assigned(dpus, "dpu")).extracting(AssignedPolicy::name).containsExactly("bluefield2-dpu");
            assertThat(accepted(hosts, "bluefield2-dpu-host")).isTrue();
            assertThat(accepted(dpus, "bluefield2-dpu")).isTrue();
        });
        assertThat(hosts.resources(NetworkAttachmentDefinition.class).inNamespace("kube-system").withName("default").get())
                .as("the pods' network is the host cluster's").isNotNull();
        assertThat(dpus.resources(NetworkAttachmentDefinition.class).inAnyNamespace().list().getItems()).isEmpty();
        assertThat(dpus.nodes().withName("dpu-host").get()).as("the host is not a node of the DPU cluster").isNull();
        assertThat(assigned(dpus, "dpu").get(0).spec().cni().ovnKubernetes().hostNodeName()).isEqualTo("dpu-host");
    }

    private KubernetesClient cluster(String node, String roleLabel) {
        MockCluster cluster = MockCluster.start();
        closing.add(cluster);
        KubernetesClient client = cluster.client();
        client.resource(new NodeBuilder().withNewMetadata().withName(node).withLabels(Map.of(roleLabel, "")).endMetadata()
                .build()).create();
        closing.add(OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.BUILTIN, null));
        return client;
    }

    private static List<AssignedPolicy> assigned(KubernetesClient client, String node) {
        return Optional.ofNullable(client.resources(OffloadNodeStateResource.class).withName(node).get())
                .map(state -> state.getSpec().policies()).orElse(List.of());
    }

    private static boolean accepted(KubernetesClient client, String policy) {
        OffloadPolicyResource resource = client.resources(OffloadPolicyResource.class).withName(policy).get();
        return resource != null && resource.getStatus() != null && resource.getStatus().conditions().stream()
                .anyMatch(c -> c.getType().equals("Accepted") && c.getStatus().equals("True"));
    }
}
