package io.hwoffload.operator.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server's version means for the installed webhook: matchConditions are alpha (off by default) in 1.27,
 * beta (on) in 1.28 and GA in 1.30 (KEP-3716). Without them every pod CREATE reaches the webhook, and with
 * failurePolicy Fail an operator outage then holds every pod, the operator's own replacement included.
 */
public final class WebhookServerCompatibility {
    /** {@code 1}, {@code 29+} as /version serves them (managed clusters append a '+'). */
    private static final Pattern NUMBER = Pattern.compile("([0-9]{1,3})\\+?");

    private WebhookServerCompatibility() {
    }

    /** The server's minor version of Kubernetes 1, from /version's major and minor; empty when unreadable. */
    public static Optional<Integer> minorOf(String major, String minor) {
        Matcher majorNumber = NUMBER.matcher(major == null ? "" : major);
        Matcher minorNumber = NUMBER.matcher(minor == null ? "" : minor);
        if (!majorNumber.matches() || !majorNumber.group(1).equals("1") || !minorNumber.matches()) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(minorNumber.group(1)));
    }

    /** What is unsafe about {@code configuration} on a server of Kubernetes 1.{@code minor}, each with its fix. */
    public static List<String> problems(MutatingWebhookConfiguration configuration, int minor) {
        List<String> problems = new ArrayList<>();
        for (MutatingWebhook webhook : configuration.getWebhooks()) {
            if (!WebhookScope.WEBHOOK.equals(webhook.getName())) {
                continue;
            }
            if ("Fail".equals(webhook.getFailurePolicy()) && minor < 30) {
                problems.add("webhook " + WebhookScope.WEBHOOK + " has failurePolicy Fail on Kubernetes 1." + minor
                        + ", where matchConditions are not GA: an operator outage may hold pods that do not need a VF;"
                        + " reinstall with --webhook-failure-policy Ignore, or upgrade to 1.30");
            }
            if (minor < 28) {
                problems.add("Kubernetes 1." + minor + " does not apply matchConditions by default (on from 1.28):"
                        + " every pod CREATE reaches webhook " + WebhookScope.WEBHOOK
                        + "; reinstall with --kubernetes-version 1." + minor + " so that the bundle says so");
            }
        }
        return problems;
    }
}
