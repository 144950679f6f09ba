package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import io.hwoffload.operator.KubernetesNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PodResourceInjectorTest {
    private static final String DEFAULT_NETWORK = PodResourceInjector.DEFAULT_NETWORK_ANNOTATION;
    private static final String NETWORKS = PodResourceInjector.NETWORKS_ANNOTATION;
    private static final String YUSUR = "yusur.tech/sriov_dpu";
    private static final String CX5 = "mellanox.com/cx5_sriov_switchdev";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final InMemoryNetworkAttachments attachments = new InMemoryNetworkAttachments()
            .with("kube-system", "test", YUSUR)
            .with("default", "cx5", CX5)
            .with("perf", "cx5", CX5)
            .withoutResource("default", "macvlan");
    private final PodResourceInjector injector = new PodResourceInjector(attachments);

    @Test
    void seedPodGetsItsVfInRequestsAndLimitsOfTheFirstContainer() throws Exception {
        Pod pod = pod(Map.of(DEFAULT_NETWORK, "kube-system/test"), new ContainerBuilder().withName("nginx").build());

        List<JsonNode> patch = injector.patch(pod, "default");

        assertThat(MAPPER.writeValueAsString(patch)).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/containers/0/resources\","
                + "\"value\":{\"requests\":{\"yusur.tech/sriov_dpu\":\"1\"},\"limits\":{\"yusur.tech/sriov_dpu\":\"1\"}}}]");
        Pod patched = apply(pod, patch);
        assertThat(patched.getSpec().getContainers().get(0).getResources().getRequests()).containsExactly(Map.entry(YUSUR, new Quantity("1")));
        assertThat(patched.getSpec().getContainers().get(0).getResources().getLimits()).containsExactly(Map.entry(YUSUR, new Quantity("1")));
        assertThat(injector.patch(patched, "default")).isEmpty();
    }

    @Test
    void aBareDefaultNetworkResolvesInMultusNamespaceNotThePods() throws Exception {
        Pod pod = pod(Map.of(DEFAULT_NETWORK, "test"), container());

        assertThat(injector.patch(pod, "default")).hasSize(1);
        assertThat(attachments.lookups).containsExactly("kube-system/test");
    }

    @Test
    void theMultusNamespaceIsConfigurable() throws Exception {
        InMemoryNetworkAttachments elsewhere = new InMemoryNetworkAttachments().with("multus", "test", YUSUR);
        Pod pod = pod(Map.of(DEFAULT_NETWORK, "test"), container());

        Pod patched = apply(pod, new PodResourceInjector(elsewhere, "multus").patch(pod, "default"));

        assertThat(requests(patched, 0)).containsEntry(YUSUR, new Quantity("1"));
        assertThatThrownBy(() -> new PodResourceInjector(elsewhere, "Not_A_Namespace"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not_A_Namespace");
    }

    @Test
    void textFormCountsEveryAttachmentAndResolvesBareNamesInThePodsNamespace() throws Exception {
        Pod pod = pod(Map.of(NETWORKS, "cx5@net1, perf/cx5@net2 ,macvlan, default/cx5"), container());

        Pod patched = apply(pod, injector.patch(pod, "default"));

        assertThat(requests(patched, 0)).containsExactly(Map.entry(CX5, new Quantity("3")));
        assertThat(limits(patched, 0)).containsExactly(Map.entry(CX5, new Quantity("3")));
        assertThat(attachments.lookups).containsExactly("default/cx5", "perf/cx5", "default/macvlan");
    }

    @Test
    void jsonFormCountsEachElementAndTakesItsNamespace() throws Exception {
        Pod pod = pod(Map.of(NETWORKS, "[{\"name\":\"cx5\",\"interface\":\"net1\"},"
                + "{\"name\":\"cx5\",\"namespace\":\"perf\",\"interface\":\"net2\",\"ips\":[\"10.0.0.5/24\"]}]"), container());

        Pod patched = apply(pod, injector.patch(pod, "perf"));

        assertThat(requests(patched, 0)).containsExactly(Map.entry(CX5, new Quantity("2")));
        assertThat(attachments.lookups).containsExactly("perf/cx5");
    }

    @Test
    void defaultNetworkAndNetworksAddUpPerResource() throws Exception {
        Pod pod = pod(Map.of(DEFAULT_NETWORK, "kube-system/test", NETWORKS, "cx5,cx5,kube-system/test"), container());

        Pod patched = apply(pod, injector.patch(pod, "default"));

        assertThat(requests(patched, 0)).containsOnly(Map.entry(YUSUR, new Quantity("2")), Map.entry(CX5, new Quantity("2")));
        assertThat(limits(patched, 0)).containsOnly(Map.entry(YUSUR, new Quantity("2")), Map.entry(CX5, new Quantity("2")));
    }

    @Test
    void aSmallerExistingRequestIsRaisedAndOtherResourcesStay() throws Exception {
        Container container = new ContainerBuilder().withName("app").withNewResources()
                .addToRequests(CX5, new Quantity("1")).addToRequests("cpu", new Quantity("500m"))
                .addToLimits(CX5, new Quantity("1")).endResources().build();
        Pod pod = pod(Map.of(NETWORKS, "cx5,cx5"), container);

        List<JsonNode> patch = injector.patch(pod, "default");

        assertThat(patch).extracting(op -> op.get("op").asText() + " " + op.get("path").asText()).containsExactly(
                "replace /spec/containers/0/resources/requests/mellanox.com~1cx5_sriov_switchdev",
                "replace /spec/containers/0/resources/limits/mellanox.com~1cx5_sriov_switchdev");
        Pod patched = apply(pod, patch);
        assertThat(requests(patched, 0)).containsOnly(Map.entry(CX5, new Quantity("2")), Map.entry("cpu", new Quantity("500m")));
        assertThat(limits(patched, 0)).containsOnly(Map.entry(CX5, new Quantity("2")));
        assertThat(injector.patch(patched, "default")).isEmpty();
    }

    @Test
    void aLargerExistingRequestIsKeptAndAMissingLimitMatchesIt() throws Exception {
        Container container = new ContainerBuilder().withName("app").withNewResources()
                .addToRequests(CX5, new Quantity("3")).addToLimits("memory", new Quantity("1Gi")).endResources().build();
        Pod pod = pod(Map.of(NETWORKS, "cx5"), container);

        List<JsonNode> patch = injector.patch(pod, "default");

        assertThat(MAPPER.writeValueAsString(patch)).isEqualTo("[{\"op\":\"add\",\"path\":"
                + "\"/spec/containers/0/resources/limits/mellanox.com~1cx5_sriov_switchdev\",\"value\":\"3\"}]");
        Pod patched = apply(pod, patch);
        assertThat(limits(patched, 0)).containsOnly(Map.entry(CX5, new Quantity("3")), Map.entry("memory", new Quantity("1Gi")));
    }

    @Test
    void emptyRequestsAndLimitsListsAreCreatedWhole() throws Exception {
        Container container = new ContainerBuilder().withName("app").withNewResources().endResources().build();
        Pod pod = pod(Map.of(NETWORKS, "cx5"), container);

        List<JsonNode> patch = injector.patch(pod, "default");

        assertThat(patch).extracting(op -> op.get("op").asText() + " " + op.get("path").asText() + " " + op.get("value"))
                .containsExactly("add /spec/containers/0/resources/requests {\"mellanox.com/cx5_sriov_switchdev\":\"1\"}",
                        "add /spec/containers/0/resources/limits {\"mellanox.com/cx5_sriov_switchdev\":\"1\"}");
    }

    @Test
    void devicesAnotherContainerAlreadyRequestsCountTowardsThePod() throws Exception {
        Container sidecar = new ContainerBuilder().withName("dpdk").withNewResources()
                .addToRequests(CX5, new Quantity("1")).addToLimits(CX5, new Quantity("1")).endResources().build();
        Pod oneSelected = pod(Map.of(NETWORKS, "cx5"), container(), sidecar);
        Pod twoSelected = pod(Map.of(NETWORKS, "cx5,cx5"), container(), sidecar);

        assertThat(injector.patch(oneSelected, "default")).isEmpty();
        Pod patched = apply(twoSelected, injector.patch(twoSelected, "default"));
        assertThat(requests(patched, 0)).containsExactly(Map.entry(CX5, new Quantity("1")));
        assertThat(requests(patched, 1)).containsExactly(Map.entry(CX5, new Quantity("1")));
    }

    @Test
    void networksWithoutADeviceResourceNeedNoPatch() throws Exception {
        assertThat(injector.patch(pod(Map.of(NETWORKS, "macvlan,macvlan"), container()), "default")).isEmpty();
        assertThat(attachments.lookups).containsExactly("default/macvlan");
    }

    @Test
    void podsWithoutMultusAnnotationsAreLeftAloneWithoutALookup() throws Exception {
        Pod plain = pod(Map.of("example.com/owner", "team-a"), container());
        Pod noAnnotations = new PodBuilder().withNewMetadata().withName("p").endMetadata()
                .withNewSpec().addToContainers(container()).endSpec().build();

        assertThat(injector.patch(plain, "default")).isEmpty();
        assertThat(injector.patch(noAnnotations, "default")).isEmpty();
        assertThat(attachments.lookups).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "a/b/c", "cx5@net1@net2", "default/", "Default/cx5", "cx5_sriov", "cx5,,macvlan",
            "cx5,", "cx5@", "cx5@bad/if", "[{\"namespace\":\"default\"}]", "[{\"name\":7}]", "{\"name\":\"cx5\"}",
            "[\"cx5\"]", "[{\"name\":\"cx5\"", "[{\"name\":\"../cx5\"}]", "[]"})
    void aMalformedNetworksAnnotationIsDeniedNamingItAndTheValue(String value) {
        PodDeniedException denied = catchThrowableOfType(PodDeniedException.class,
                () -> injector.patch(pod(Map.of(NETWORKS, value), container()), "default"));

        assertThat(denied.code()).isEqualTo(400);
        assertThat(denied.getMessage()).startsWith("annotation " + NETWORKS + ": '" + value + "' is malformed: ");
        assertThat(attachments.lookups).isEmpty();
    }

    @Test
    void malformedMessagesSayWhatIsWrong() {
        assertThat(deniedMessage(Map.of(NETWORKS, "a/b/c"))).endsWith("entry 'a/b/c' has more than one '/'");
        assertThat(deniedMessage(Map.of(NETWORKS, "Default/cx5"))).endsWith("namespace 'Default' is not "
                + KubernetesNames.NAMESPACE_RULE);
        assertThat(deniedMessage(Map.of(NETWORKS, "[{\"interface\":\"net1\"}]"))).endsWith("element 0 has no \"name\"");
        assertThat(deniedMessage(Map.of(DEFAULT_NETWORK, "test,kube-system/test"))).isEqualTo("annotation " + DEFAULT_NETWORK
                + ": 'test,kube-system/test' is malformed: it selects 2 networks; a pod has one default network");
    }

    @Test
    void aMissingNetworkAttachmentDefinitionIsDeniedNamingIt() {
        PodDeniedException denied = catchThrowableOfType(PodDeniedException.class,
                () -> injector.patch(pod(Map.of(NETWORKS, "cx5, sriov-missing@net2"), container()), "default"));

        assertThat(denied.code()).isEqualTo(403);
        assertThat(denied.getMessage()).isEqualTo("annotation " + NETWORKS
                + " selects NetworkAttachmentDefinition default/sriov-missing, which does not exist");
        assertThat(denied).hasCauseInstanceOf(NetworkAttachmentNotFoundException.class);
    }

    @Test
    void aLookupThatFailsDeniesThePodRatherThanAdmitItWithoutDevices() {
        NetworkAttachmentLookup unreachable = (namespace, name) -> {
            throw new NetworkAttachmentLookupException("cannot read NetworkAttachmentDefinition " + namespace + "/" + name
                    + ": connection refused", new java.net.ConnectException("connection refused"));
        };

        PodDeniedException denied = catchThrowableOfType(PodDeniedException.class, () -> new PodResourceInjector(unreachable)
                .patch(pod(Map.of(DEFAULT_NETWORK, "kube-system/test"), container()), "default"));

        assertThat(denied.code()).isEqualTo(500);
        assertThat(denied.getMessage()).isEqualTo("cannot check annotation " + DEFAULT_NETWORK
                + ": cannot read NetworkAttachmentDefinition kube-system/test: connection refused");
    }

    @Test
    void aResourceNameThatNoDevicePluginCouldAdvertiseIsDenied() {
        attachments.with("default", "typo", "sriov_dpu").with("default", "native", "kubernetes.io/sriov");

        assertThat(deniedMessage(Map.of(NETWORKS, "typo"))).isEqualTo("annotation " + NETWORKS
                + " selects NetworkAttachmentDefinition default/typo, whose k8s.v1.cni.cncf.io/resourceName 'sriov_dpu' is not "
                + KubernetesNames.EXTENDED_RESOURCE_RULE);
        assertThat(deniedMessage(Map.of(NETWORKS, "native"))).contains("'kubernetes.io/sriov' is not");
    }

    @Test
    void anUnparsableExistingQuantityIsDeniedNamingTheContainer() {
        Container container = new ContainerBuilder().withName("app").withNewResources()
                .addToRequests(CX5, new Quantity("lots")).endResources().build();

        assertThatThrownBy(() -> injector.patch(pod(Map.of(NETWORKS, "cx5"), container), "default"))
                .isInstanceOf(PodDeniedException.class)
                .hasMessage("container app resources.requests[" + CX5 + "] is 'lots', not a quantity");
    }

    @Test
    void aPodWithoutContainersCannotBeGivenDevices() {
        Pod pod = new PodBuilder().withNewMetadata().withName("empty").addToAnnotations(NETWORKS, "cx5").endMetadata()
                .withNewSpec().endSpec().build();

        assertThatThrownBy(() -> injector.patch(pod, "default")).isInstanceOf(PodDeniedException.class)
                .hasMessage("the pod has no container to request [" + CX5 + "] in");
    }

    @Test
    void pointerTokensEscapeTildeBeforeSlash() {
        assertThat(FirstContainerResourcePatch.pointerToken("example.com/a~b")).isEqualTo("example.com~1a~0b");
        JsonNode patched = JsonPatch.apply(MAPPER.valueToTree(List.of(Map.of("op", "add",
                "path", "/" + FirstContainerResourcePatch.pointerToken("example.com/a~b"), "value", "1"))),
                JsonNodeFactory.instance.objectNode());
        assertThat(patched.fieldNames()).toIterable().containsExactly("example.com/a~b");
    }

    private String deniedMessage(Map<String, String> annotations) {
        return catchThrowableOfType(PodDeniedException.class,
                () -> injector.patch(pod(annotations, container()), "default")).getMessage();
    }

    private static Container container() {
        return new ContainerBuilder().withName("app").withImage("docker.io/library/nginx:alpine").build();
    }

    private static Pod pod(Map<String, String> annotations, Container... containers) {
        return new PodBuilder().withNewMetadata().withName("p").withAnnotations(annotations).endMetadata()
                .withNewSpec().withContainers(containers).endSpec().build();
    }

    /** The API server's side: the patch applied to the pod's JSON by an RFC 6902 implementation. */
    private static Pod apply(Pod pod, List<JsonNode> patch) {
        JsonNode patched = JsonPatch.apply(JsonNodeFactory.instance.arrayNode().addAll(patch), MAPPER.valueToTree(pod));
        return SERIALIZATION.convertValue(patched, Pod.class);
    }

    private static Map<String, Quantity> requests(Pod pod, int container) {
        return pod.getSpec().getContainers().get(container).getResources().getRequests();
    }

    private static Map<String, Quantity> limits(Pod pod, int container) {
        return pod.getSpec().getContainers().get(container).getResources().getLimits();
    }
}
