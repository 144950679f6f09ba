package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.install.InstallBundle;
import io.hwoffload.operator.install.InstallSettings;
import io.hwoffload.operator.testing.MockCluster;
import io.hwoffload.operator.testing.ServerVersionCrudDispatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A bundle installed with failurePolicy Fail for 1.30 on a server that is really 1.29: the operator says so at start. */
class WebhookServerVersionEventTest {

    @Test
    void aFailWebhookOnAServerWithoutGaMatchConditionsIsAWarningEvent() {
        try (MockCluster cluster = MockCluster.start(new ServerVersionCrudDispatcher("1", "29+"))) {
            KubernetesClient client = cluster.client();
            InstallSettings claimed130 = new InstallSettings("hwoffload-system", "hwoffload:dev", "Y2E=",
                    InstallSettings.DevicePlugin.BUILTIN,
                    new InstallSettings.Webhook("Fail", InstallSettings.KubernetesVersion.parse("1.30")));
            client.resource(new InstallBundle(claimed130).objects().stream()
                    .filter(MutatingWebhookConfiguration.class::isInstance).findFirst().orElseThrow()).create();

            try (OffloadOperator operator = OffloadOperator.start(client, NicCatalog.bundled(), DevicePluginMode.BUILTIN,
                    null)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> !warnings(client).isEmpty());
            }

            assertThat(warnings(client)).singleElement().satisfies(event -> {
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getInvolvedObject().getKind()).isEqualTo("MutatingWebhookConfiguration");
                assertThat(event.getMessage()).contains("failurePolicy Fail on Kubernetes 1.29")
                        .contains("--webhook-failure-policy Ignore");
            });
        }
    }

    private static List<Event> warnings(KubernetesClient client) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "WebhookUnsafeOnThisServer".equals(e.getReason())).toList();
    }
}
