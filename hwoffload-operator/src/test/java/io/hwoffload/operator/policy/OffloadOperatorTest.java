package io.hwoffload.operator.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicyStatus;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.install.InstallBundle;
import io.hwoffload.operator.install.InstallSettings;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import io.hwoffload.operator.webhook.WebhookScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator against the fabric8 mock API server in CRUD mode, with the seed policies. */
class OffloadOperatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private MockCluster cluster;
    private KubernetesClient client;
    private OffloadOperator operator;

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
        client = cluster.client();
        node("worker-cx5", Map.of("hwoffload.io/nic", "cx5"));
        node("dpu-host", Map.of("k8s.ovn.org/dpu-host", ""));
        node("dpu", Map.of("k8s.ovn.org/dpu", ""));
        node("plain", Map.of());
        // These tests read the pools back from sriov-network-device-plugin's ConfigMap: external mode writes it.
        operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.EXTERNAL, null);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        cluster.close();
    }

    @Test
    void policiesBecomePoolsAttachmentsLabelsAndNodeStates() throws JsonProcessingException {
        create(cx5Policy());
        ExamplePolicies.load("bluefield2-ovn-kubernetes").forEach(this::create);

        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(poolNames()).containsExactlyInAnyOrder("cx5_sriov_switchdev", "mlnx_sriov_cx6");
            assertThat(nodeStatePolicies("worker-cx5")).containsExactly("mellanox-antrea");
            assertThat(nodeStatePolicies("dpu-host")).containsExactly("bluefield2-dpu-host");
            assertThat(nodeStatePolicies("dpu")).containsExactly("bluefield2-dpu");
            assertThat(nodeState("plain")).isNull();
        });
        assertThat(nad("default", "default").getMetadata().getAnnotations())
                .containsEntry("k8s.v1.cni.cncf.io/resourceName", "mellanox.com/cx5_sriov_switchdev");
        assertThat(JSON.readTree(nad("default", "default").getSpec().getConfig()).at("/plugins/0/type").asText())
                .isEqualTo("antrea");
        assertThat(nad("kube-system", "default").getMetadata().getAnnotations())
                .containsEntry("k8s.v1.cni.cncf.io/resourceName", "mellanox.com/mlnx_sriov_cx6");
        assertThat(labels("worker-cx5")).containsKey("policy.hwoffload.io/mellanox-antrea");
        // dpu-host had OVN-K's label before: it is not recorded as hwoffload's, so it is never removed.
        assertThat(client.nodes().withName("dpu-host").get().getMetadata().getAnnotations())
                .doesNotContainKey(ClusterWriter.ADDED_LABELS_ANNOTATION);
        assertThat(labels("plain")).isEmpty();

        await().atMost(TIMEOUT).untilAsserted(() -> {
            PolicyStatus status = policy("mellanox-antrea").getStatus();
            assertThat(status.matchedNodes()).isEqualTo(1);
            assertThat(status.readyNodes()).isZero();
            assertThat(condition(status, "Accepted")).startsWith("True");
            assertThat(condition(status, "Ready")).startsWith("False NodesNotReady");
        });

        reportReady("worker-cx5");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            PolicyStatus status = policy("mellanox-antrea").getStatus();
            assertThat(status.readyNodes()).isEqualTo(1);
            assertThat(condition(status, "Ready")).isEqualTo("True AllNodesReady 1 of 1 nodes ready");
        });
    }

    @Test
    void anInvalidEditKeepsTheClusterOnTheLastAcceptedSpec() throws JsonProcessingException {
        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(poolNames()).containsExactly("cx5_sriov_switchdev"));
        String configBefore = devicePluginConfig().getData().get("config.json");

        OffloadPolicyResource edited = policy("mellanox-antrea");
        PolicySpec spec = edited.getSpec();
        edited.setSpec(new PolicySpec(spec.nodeSelector(), spec.nicSelector(), spec.numVfs(), spec.eswitchMode(),
                spec.hwTcOffload(), List.of(new PolicySpec.ResourcePoolSpec("mellanox.com", "cx5_sriov_switchdev", "0-7", true)),
                spec.cni(), spec.ovs(), spec.rollout()));
        client.resource(edited).update();

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(policy("mellanox-antrea").getStatus(), "Accepted"))
                .startsWith("False InvalidSpec").contains("spec.resourcePools[0].vfRange")
                .endsWith("the cluster keeps generation 1"));
        assertThat(devicePluginConfig().getData().get("config.json")).isEqualTo(configBefore);
        assertThat(nodeState("worker-cx5").getSpec().policies()).extracting(AssignedPolicy::generation).containsExactly(1L);
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("InvalidSpec")
                        .contains("spec.resourcePools[0].vfRange"));
    }

    @Test
    void aNewInvalidPolicyCreatesNothing() {
        OffloadPolicyResource bad = cx5Policy();
        PolicySpec spec = bad.getSpec();
        bad.setSpec(new PolicySpec(spec.nodeSelector(), spec.nicSelector(), 4, spec.eswitchMode(), spec.hwTcOffload(),
                List.of(new PolicySpec.ResourcePoolSpec("mellanox.com", "cx5", "2-9", null)), spec.cni(), spec.ovs(), spec.rollout()));
        create(bad);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(policy("mellanox-antrea").getStatus(), "Accepted"))
                .startsWith("False InvalidSpec").endsWith("nothing of this policy is applied"));
        assertThat(devicePluginConfig()).isNull();
        assertThat(client.resources(NetworkAttachmentDefinition.class).inAnyNamespace().list().getItems()).isEmpty();
        assertThat(client.resources(OffloadNodeStateResource.class).list().getItems()).isEmpty();
        assertThat(labels("worker-cx5")).doesNotContainKey("policy.hwoffload.io/mellanox-antrea");
    }

    @Test
    void aPolicyClaimingVfsOfAnotherGivesWay() throws JsonProcessingException {
        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(policy("mellanox-antrea").getStatus(), "Accepted"))
                .startsWith("True"));
        PolicySpec spec = cx5Policy().getSpec();
        create(ExamplePolicies.policy("cx5-second", new PolicySpec(spec.nodeSelector(), spec.nicSelector(), spec.numVfs(),
                spec.eswitchMode(), spec.hwTcOffload(),
                List.of(new PolicySpec.ResourcePoolSpec("mellanox.com", "cx5_other", "2-3", null)),
                new PolicySpec.CniSpec("antrea", new PolicySpec.NetworkAttachment("second", "default"), null, null),
                spec.ovs(), spec.rollout())));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(policy("cx5-second").getStatus(), "Accepted"))
                .startsWith("False InvalidSpec").contains("mellanox-antrea"));
        assertThat(condition(policy("mellanox-antrea").getStatus(), "Accepted")).startsWith("True");
        assertThat(poolNames()).containsExactly("cx5_sriov_switchdev");
        assertThat(nodeStatePolicies("worker-cx5")).containsExactly("mellanox-antrea");
    }

    @Test
    void deletingPoliciesRemovesWhatTheyCreatedAndNothingElse() {
        create(cx5Policy());
        ExamplePolicies.load("bluefield2-ovn-kubernetes").forEach(this::create);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(poolNames()).hasSize(2));

        client.resource(policy("mellanox-antrea")).delete();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(poolNames()).containsExactly("mlnx_sriov_cx6");
            assertThat(nad("default", "default")).isNull();
            assertThat(nodeState("worker-cx5")).isNull();
            assertThat(labels("worker-cx5")).doesNotContainKey("policy.hwoffload.io/mellanox-antrea");
            assertThat(policy("mellanox-antrea")).isNull();
        });
        assertThat(nad("kube-system", "default")).isNotNull();

        client.resource(policy("bluefield2-dpu-host")).delete();
        client.resource(policy("bluefield2-dpu")).delete();
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(devicePluginConfig()).isNull();
            assertThat(client.resources(OffloadNodeStateResource.class).list().getItems()).isEmpty();
            assertThat(client.resources(NetworkAttachmentDefinition.class).inAnyNamespace().list().getItems()).isEmpty();
        });
        assertThat(labels("dpu-host")).containsOnlyKeys("k8s.ovn.org/dpu-host");
        assertThat(labels("dpu")).containsOnlyKeys("k8s.ovn.org/dpu");
    }

    @Test
    void externalModeMergesItsPoolsAndKeepsThoseItDidNotWrite() throws JsonProcessingException {
        client.resource(foreignDevicePluginConfig("""
                {"resourceList": [{"resourceName": "intel_sriov_netdevice",
                  "selectors": {"vendors": ["8086"], "devices": ["154c"], "drivers": ["iavf"]}}]}""")).create();

        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(poolNames()).containsExactly("intel_sriov_netdevice", "cx5_sriov_switchdev"));
        assertThat(devicePluginConfig().getMetadata().getAnnotations())
                .containsEntry(ClusterWriter.OWNED_POOLS_ANNOTATION, "mellanox.com/cx5_sriov_switchdev");
        assertThat(devicePluginConfig().getMetadata().getLabels()).containsEntry("owner", "network-team")
                .doesNotContainKey(ClusterWriter.MANAGED_BY);

        client.resource(policy("mellanox-antrea")).delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(poolNames()).containsExactly("intel_sriov_netdevice"));
        assertThat(devicePluginConfig().getMetadata().getAnnotations()).doesNotContainKey(ClusterWriter.OWNED_POOLS_ANNOTATION);
        assertThat(JSON.readTree(devicePluginConfig().getData().get("config.json")).at("/resourceList/0/selectors/drivers/0")
                .asText()).isEqualTo("iavf");
    }

    @Test
    void externalModeLeavesOutAPoolWhoseNameAForeignEntryHas() {
        client.resource(foreignDevicePluginConfig("""
                {"resourceList": [{"resourcePrefix": "mellanox.com", "resourceName": "cx5_sriov_switchdev",
                  "selectors": {"pfNames": ["ens9f0"]}}]}""")).create();

        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list().getItems())
                .anySatisfy(e -> assertThat(e.getReason() + " " + e.getMessage()).startsWith("DevicePluginConfig")
                        .contains("mellanox.com/cx5_sriov_switchdev is already a pool")));
        assertThat(devicePluginConfig().getData().get("config.json")).contains("ens9f0").doesNotContain("15b3");
        assertThat(devicePluginConfig().getMetadata().getAnnotations()).doesNotContainKey(ClusterWriter.OWNED_POOLS_ANNOTATION);
    }

    @Test
    void builtinModeWritesNoDevicePluginConfigAndTakesItsPoolsOutOfOne() throws JsonProcessingException {
        operator.close();
        client.resource(foreignDevicePluginConfig("""
                {"resourceList": [{"resourceName": "intel_sriov_netdevice", "selectors": {"vendors": ["8086"]}},
                  {"resourcePrefix": "mellanox.com", "resourceName": "old_pool", "selectors": {"vendors": ["15b3"]}}]}""",
                "mellanox.com/old_pool")).create();
        operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.BUILTIN, null);

        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(nodeStatePolicies("worker-cx5")).containsExactly("mellanox-antrea");
            assertThat(poolNames()).containsExactly("intel_sriov_netdevice");
        });
        assertThat(nad("default", "default").getMetadata().getAnnotations())
                .containsEntry("k8s.v1.cni.cncf.io/resourceName", "mellanox.com/cx5_sriov_switchdev");

        client.configMaps().inNamespace("kube-system").withName("sriovdp-config").delete();
        client.resource(policy("mellanox-antrea")).delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nodeState("worker-cx5")).isNull());
        assertThat(devicePluginConfig()).isNull();
    }

    @Test
    void aSelectedNodeWithoutTheNicDoesNotHoldReadinessBack() {
        client.nodes().withName("plain").edit(n -> {
            n.getMetadata().setLabels(Map.of("hwoffload.io/nic", "cx5"));
            return n;
        });
        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nodeStatePolicies("plain")).hasSize(1));

        reportReady("worker-cx5");
        reportReady("plain", "NotApplicable");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(condition(policy("mellanox-antrea").getStatus(), "Ready"))
                .isEqualTo("True AllNodesReady 2 of 2 nodes ready (1 without a PF the policy selects: NotApplicable)"));
    }

    @Test
    void aNodeGainingTheLabelsGetsItsNodeState() {
        create(cx5Policy());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nodeStatePolicies("worker-cx5")).hasSize(1));
        assertThat(nodeState("plain")).isNull();

        client.nodes().withName("plain").edit(n -> {
            n.getMetadata().setLabels(Map.of("hwoffload.io/nic", "cx5"));
            return n;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(nodeStatePolicies("plain")).containsExactly("mellanox-antrea");
            assertThat(policy("mellanox-antrea").getStatus().matchedNodes()).isEqualTo(2);
        });

        client.nodes().withName("plain").edit(n -> {
            n.getMetadata().setLabels(Map.of());
            return n;
        });
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(nodeState("plain")).isNull());
    }

    /** The installed webhook's matchCondition follows the networks rendered, and is put back after a re-apply. */
    @Test
    void theWebhookSeesOnlyPodsOfTheRenderedNetworks() {
        MutatingWebhookConfiguration installed = new InstallBundle(new InstallSettings("hwoffload-system", "hwoffload:dev",
                "Y2E=")).objects().stream().filter(MutatingWebhookConfiguration.class::isInstance)
                .map(MutatingWebhookConfiguration.class::cast).findFirst().orElseThrow();
        client.resource(installed).create();
        assertThat(matchCondition()).isEqualTo("false");

        create(cx5Policy());
        String scoped = WebhookScope.matchExpression(List.of("default"));
        await().atMost(TIMEOUT).until(() -> scoped.equals(matchCondition()));

        client.resource(installed).update();
        await().atMost(TIMEOUT).until(() -> scoped.equals(matchCondition()));
    }

    private String matchCondition() {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WebhookScope.CONFIGURATION)
                .get().getWebhooks().get(0).getMatchConditions().get(0).getExpression();
    }

    private static OffloadPolicyResource cx5Policy() {
        OffloadPolicyResource policy = ExamplePolicies.single("mellanox-antrea");
        PolicySpec spec = policy.getSpec();
        policy.setSpec(new PolicySpec(Map.of("hwoffload.io/nic", "cx5"), spec.nicSelector(), spec.numVfs(),
                spec.eswitchMode(), spec.hwTcOffload(), spec.resourcePools(), spec.cni(), spec.ovs(), spec.rollout()));
        return policy;
    }

    private void node(String name, Map<String, String> labels) {
        Node node = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata().build();
        client.resource(node).create();
    }

    private void create(OffloadPolicyResource policy) {
        client.resource(policy).create();
    }

    private void reportReady(String node) {
        reportReady(node, "Converged");
    }

    private void reportReady(String node, String reason) {
        OffloadNodeStateResource state = nodeState(node);
        state.setStatus(new NodeStateStatus(state.getMetadata().getGeneration(),
                List.of(Conditions.of("Ready", true, reason, "the node matches its spec", state.getMetadata().getGeneration())),
                List.of(), 4, List.of(), List.of(), null, null, null, null));
        client.resource(state).updateStatus();
    }

    private OffloadPolicyResource policy(String name) {
        return client.resources(OffloadPolicyResource.class).withName(name).get();
    }

    private OffloadNodeStateResource nodeState(String name) {
        return client.resources(OffloadNodeStateResource.class).withName(name).get();
    }

    private List<String> nodeStatePolicies(String node) {
        return Optional.ofNullable(nodeState(node)).map(s -> s.getSpec().policies().stream().map(AssignedPolicy::name).toList())
                .orElse(List.of());
    }

    private NetworkAttachmentDefinition nad(String namespace, String name) {
        return client.resources(NetworkAttachmentDefinition.class).inNamespace(namespace).withName(name).get();
    }

    private Map<String, String> labels(String node) {
        return Optional.ofNullable(client.nodes().withName(node).get().getMetadata().getLabels()).orElse(Map.of());
    }

    /** sriov-network-device-plugin's ConfigMap as someone else wrote it, hwoffload's earlier pools named in {@code owned}. */
    private static ConfigMap foreignDevicePluginConfig(String configJson, String... owned) {
        ConfigMapBuilder config = new ConfigMapBuilder().withNewMetadata().withNamespace("kube-system")
                .withName("sriovdp-config").withLabels(Map.of("owner", "network-team")).endMetadata()
                .addToData("config.json", configJson);
        if (owned.length > 0) {
            config.editMetadata().withAnnotations(Map.of(ClusterWriter.OWNED_POOLS_ANNOTATION, String.join(",", owned)))
                    .endMetadata();
        }
        return config.build();
    }

    private ConfigMap devicePluginConfig() {
        return client.configMaps().inNamespace("kube-system").withName("sriovdp-config").get();
    }

    private List<String> poolNames() throws JsonProcessingException {
        ConfigMap config = devicePluginConfig();
        if (config == null) {
            return List.of();
        }
        JsonNode resources = JSON.readTree(config.getData().get("config.json")).get("resourceList");
        return java.util.stream.StreamSupport.stream(resources.spliterator(), false)
                .map(r -> r.get("resourceName").asText()).toList();
    }

    private static String condition(PolicyStatus status, String type) {
        if (status == null || status.conditions() == null) {
            return "";
        }
        return status.conditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .map(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage()).orElse("");
    }
}
