package io.hwoffload.operator.testing;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.hwoffload.operator.install.InstallBundle;

import java.util.HashMap;
import java.util.List;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (it stores, lists, watches and patches
 * objects) with hwoffload's CRDs as installed and Multus's NetworkAttachmentDefinition CRD installed.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(KubernetesCrudDispatcher dispatcher) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
    }

    public static MockCluster start() {
        return start(new KubernetesCrudDispatcher(List.of()));
    }

    /** With {@code dispatcher} serving the API, e.g. one that adds the Eviction API ({@link EvictingCrudDispatcher}). */
    public static MockCluster start(KubernetesCrudDispatcher dispatcher) {
        MockCluster cluster = new MockCluster(dispatcher);
        try {
            installCrds(cluster.client);
            cluster.installCrd("k8s.cni.cncf.io", "NetworkAttachmentDefinition", "network-attachment-definitions", "v1");
            // cert-manager's, which the install bundle uses for the webhook's serving certificate.
            cluster.installCrd("cert-manager.io", "Issuer", "issuers", "v1");
            cluster.installCrd("cert-manager.io", "Certificate", "certificates", "v1");
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** hwoffload's CRDs as the install bundle ships them, into any mock API server. */
    public static void installCrds(KubernetesClient client) {
        for (CustomResourceDefinition crd : InstallBundle.crds()) {
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    public KubernetesClient client() {
        return client;
    }

    /** A schemaless namespaced CRD, standing in for another project's (Multus, cert-manager). */
    private void installCrd(String group, String kind, String plural, String version) {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(plural + "." + group).endMetadata()
                .withNewSpec().withGroup(group).withScope("Namespaced")
                .withNewNames().withKind(kind).withPlural(plural).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build()).create();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
