package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicyStatus;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 1,000 nodes and 20 policies, each policy selecting 50 nodes by label: every node gets its OffloadNodeState
 * and marker label, every policy counts its 50 nodes. Prints the time to converge and the heap used; the
 * assertions are about the result, not the time (the mock API server dominates it).
 */
class OperatorScaleTest {
    private static final int NODES = 1000;
    private static final int POLICIES = 20;

    @Test
    void thousandNodesAndTwentyPoliciesConverge() {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient client = cluster.client();
            IntStream.range(0, NODES).forEach(i -> client.resource(new NodeBuilder().withNewMetadata()
                    .withName(String.format("node-%04d", i)).withLabels(Map.of("hwoffload.io/group", group(i % POLICIES)))
                    .endMetadata().build()).create());
            PolicySpec template = ExamplePolicies.single("mellanox-antrea").getSpec();
            IntStream.range(0, POLICIES).forEach(p -> client.resource(ExamplePolicies.policy(String.format("scale-%02d", p),
                    new PolicySpec(Map.of("hwoffload.io/group", group(p)),
                            new PolicySpec.NicSelector("15b3", "1017", List.of(String.format("ens%df0", p)), null), 8,
                            "switchdev", true, List.of(new PolicySpec.ResourcePoolSpec("mellanox.com",
                            String.format("pool_%02d", p), "0-3", null)),
                            new PolicySpec.CniSpec("antrea", new PolicySpec.NetworkAttachment(
                                    String.format("net-%02d", p), "default"), null, null),
                            template.ovs(), template.rollout()))).create());

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            long start = System.nanoTime();
            try (OffloadOperator operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.EXTERNAL, null)) {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() ->
                        client.resources(OffloadPolicyResource.class).list().getItems().stream()
                                .map(OffloadPolicyResource::getStatus)
                                .filter(Objects::nonNull).map(PolicyStatus::matchedNodes)
                                .filter(m -> m != null && m == NODES / POLICIES).count() == POLICIES
                                && client.resources(OffloadNodeStateResource.class).list().getItems().size() == NODES);
                long elapsed = System.nanoTime() - start;
                long heapPeak = memory.getHeapMemoryUsage().getUsed();
                System.out.printf("operator scale: %d nodes, %d policies converged in %d ms; heap used %d MiB before, %d MiB after%n",
                        NODES, POLICIES, elapsed / 1_000_000, heapBefore >> 20, heapPeak >> 20);
            }

            List<OffloadNodeStateResource> states = client.resources(OffloadNodeStateResource.class).list().getItems();
            assertThat(states).allSatisfy(state -> {
                int index = Integer.parseInt(state.getMetadata().getName().substring("node-".length()));
                assertThat(state.getSpec().policies()).extracting(AssignedPolicy::name)
                        .containsExactly(String.format("scale-%02d", index % POLICIES));
            });
            assertThat(client.nodes().list().getItems()).allSatisfy(node -> assertThat(node.getMetadata().getLabels())
                    .containsKey("policy.hwoffload.io/scale-" + node.getMetadata().getLabels().get("hwoffload.io/group").substring(1)));
        }
    }

    private static String group(int index) {
        return String.format("g%02d", index);
    }
}
