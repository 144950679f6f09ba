package io.hwoffload.operator.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookServerCompatibilityTest {

    @Test
    void theServersVersionIsReadAsVersionServesIt() {
        assertThat(WebhookServerCompatibility.minorOf("1", "29+")).contains(29);
        assertThat(WebhookServerCompatibility.minorOf("1", "30")).contains(30);
        assertThat(WebhookServerCompatibility.minorOf("2", "0")).isEmpty();
        assertThat(WebhookServerCompatibility.minorOf(null, "")).isEmpty();
    }

    @Test
    void failIsUnsafeBelow130AndNoConditionApplyBelow128() {
        assertThat(WebhookServerCompatibility.problems(webhook("Fail"), 30)).isEmpty();
        assertThat(WebhookServerCompatibility.problems(webhook("Fail"), 29)).singleElement().asString()
                .contains("failurePolicy Fail on Kubernetes 1.29").contains("--webhook-failure-policy Ignore");
        assertThat(WebhookServerCompatibility.problems(webhook("Ignore"), 28)).isEmpty();
        assertThat(WebhookServerCompatibility.problems(webhook("Ignore"), 27)).singleElement().asString()
                .contains("every pod CREATE reaches webhook pods.hwoffload.io").contains("--kubernetes-version 1.27");
        assertThat(WebhookServerCompatibility.problems(webhook("Fail"), 26)).hasSize(2);
    }

    private static MutatingWebhookConfiguration webhook(String failurePolicy) {
        return new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(WebhookScope.CONFIGURATION).endMetadata()
                .addNewWebhook().withName(WebhookScope.WEBHOOK).withFailurePolicy(failurePolicy).endWebhook().build();
    }
}
