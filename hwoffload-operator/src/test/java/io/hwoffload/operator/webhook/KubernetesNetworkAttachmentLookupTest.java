package io.hwoffload.operator.webhook;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinitionBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
class KubernetesNetworkAttachmentLookupTest {
    KubernetesClient client;

    private NetworkAttachmentLookup lookup;

    @BeforeEach
    void createSeedNetworkAttachmentDefinitions() {
        // Seed 000's Kube-OVN attachment, and one network without a device.
        create("kube-system", "test", Map.of(NetworkAttachmentLookup.RESOURCE_NAME_ANNOTATION, "yusur.tech/sriov_dpu"),
                "{\"cniVersion\":\"0.3.0\",\"type\":\"kube-ovn\",\"server_socket\":\"/run/openvswitch/kube-ovn-daemon.sock\","
                        + "\"provider\":\"test.kube-system.ovn\"}");
        create("default", "macvlan", Map.of(), "{\"cniVersion\":\"0.3.1\",\"type\":\"macvlan\",\"master\":\"eth0\"}");
        lookup = new KubernetesNetworkAttachmentLookup(client);
    }

    @Test
    void readsTheResourceNameAnnotation() throws Exception {
        assertThat(lookup.resourceName("kube-system", "test")).contains("yusur.tech/sriov_dpu");
    }

    @Test
    void aDefinitionWithoutTheAnnotationHasNoResource() throws Exception {
        assertThat(lookup.resourceName("default", "macvlan")).isEmpty();
    }

    @Test
    void aMissingDefinitionIsNotFoundNamingIt() {
        assertThatThrownBy(() -> lookup.resourceName("default", "test"))
                .isInstanceOf(NetworkAttachmentNotFoundException.class)
                .hasMessage("NetworkAttachmentDefinition default/test does not exist");
    }

    @Test
    void anInjectorBackedByTheApiServerPatchesThePod() throws Exception {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("nginx").addToAnnotations(PodResourceInjector.DEFAULT_NETWORK_ANNOTATION, "test")
                .endMetadata().withNewSpec().addNewContainer().withName("nginx").endContainer().endSpec().build();

        assertThat(new PodResourceInjector(lookup).patch(pod, "default")).singleElement()
                .satisfies(op -> assertThat(op.get("value").get("limits").get("yusur.tech/sriov_dpu").asText()).isEqualTo("1"));
    }

    @Test
    void anApiServerThatCannotBeReachedIsALookupFailureNamingTheDefinition() {
        KubernetesClient unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0).build()).build();
        try (unreachable) {
            assertThatThrownBy(() -> new KubernetesNetworkAttachmentLookup(unreachable).resourceName("kube-system", "test"))
                    .isInstanceOf(NetworkAttachmentLookupException.class)
                    .isNotInstanceOf(NetworkAttachmentNotFoundException.class)
                    .hasMessageStartingWith("cannot read NetworkAttachmentDefinition kube-system/test: ");
        }
    }

    private void create(String namespace, String name, Map<String, String> annotations, String config) {
        NetworkAttachmentDefinition definition = new NetworkAttachmentDefinitionBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).withAnnotations(annotations).endMetadata()
                .withNewSpec().withConfig(config).endSpec().build();
        client.resources(NetworkAttachmentDefinition.class).inNamespace(namespace).resource(definition).create();
    }
}
