package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.install.InstallBundle;
import io.hwoffload.operator.install.InstallSettings;
import io.hwoffload.operator.testing.ExamplePolicies;
import io.hwoffload.operator.testing.MockCluster;
import io.hwoffload.operator.webhook.WebhookScope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An API server that refuses the webhook's new matchCondition (as its CEL checks may): the rest is written, and said. */
class WebhookScopeRefusedTest {

    @Test
    void aRefusedConditionKeepsTheOldOneAndIsAWarningEvent() {
        KubernetesCrudDispatcher refusing = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse handlePatch(RecordedRequest request) {
                if (request.getPath().contains("/mutatingwebhookconfigurations/")) {
                    return new MockResponse().setResponseCode(422).setHeader("Content-Type", "application/json")
                            .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Invalid\","
                                    + "\"message\":\"webhooks[0].matchConditions[0].expression: Forbidden: estimated rule"
                                    + " cost exceeds budget\",\"code\":422}");
                }
                return super.handlePatch(request);
            }
        };
        try (MockCluster cluster = MockCluster.start(refusing)) {
            KubernetesClient client = cluster.client();
            client.resource(new InstallBundle(new InstallSettings("hwoffload-system", "hwoffload:dev", "Y2E=")).objects()
                    .stream().filter(MutatingWebhookConfiguration.class::isInstance).findFirst().orElseThrow()).create();
            client.resource(ExamplePolicies.single("mellanox-antrea")).create();

            try (OffloadOperator operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.BUILTIN,
                    null)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !warnings(client).isEmpty());
            }

            assertThat(warnings(client)).first().satisfies(event -> assertThat(event.getMessage())
                    .contains("keeps its old matchCondition").contains("estimated rule cost exceeds budget"));
            assertThat(client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WebhookScope.CONFIGURATION)
                    .get().getWebhooks().get(0).getMatchConditions().get(0).getExpression()).isEqualTo("false");
            assertThat(client.resources(NetworkAttachmentDefinition.class)
                    .inNamespace("default").withName("default").get()).as("the rest is written").isNotNull();
        }
    }

    private static List<Event> warnings(KubernetesClient client) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "WebhookScope".equals(e.getReason())).toList();
    }
}
