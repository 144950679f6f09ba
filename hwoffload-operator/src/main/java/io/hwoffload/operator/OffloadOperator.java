package io.hwoffload.operator;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.policy.ClusterScopedEvents;
import io.hwoffload.operator.policy.OffloadPolicyReconciler;
import io.hwoffload.operator.webhook.WebhookScope;
import io.hwoffload.operator.webhook.WebhookServerCompatibility;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The cluster-wide reconciler, running: one JOSDK operator with the OffloadPolicy controller. Server-side
 * apply is off (patches are JSON patches), and one reconcile runs at a time because each resolves the whole
 * cluster. With leader election, every replica keeps its informers warm and the Lease holder alone reconciles.
 */
public final class OffloadOperator implements AutoCloseable {
    private final Operator operator;
    private final AtomicBoolean closing;

    private OffloadOperator(Operator operator, AtomicBoolean closing) {
        this.operator = operator;
        this.closing = closing;
    }

    /**
     * A Lease {@code namespace/lease} held by {@code identity} (the pod's name), with JOSDK's timing by default
     * (15 s lease, 10 s renew deadline, 2 s retry). {@code onLost} runs when this replica loses the Lease while
     * it is not closing: it must end the process, since another replica reconciles now.
     */
    public record LeaderElection(String namespace, String lease, String identity, Duration leaseDuration,
                                 Duration renewDeadline, Duration retryPeriod, Runnable onLost) {
        public LeaderElection {
            KubernetesNames.namespace("--leader-election namespace", namespace);
            if (lease == null || !KubernetesNames.isObjectName(lease)) {
                throw new IllegalArgumentException("--leader-election lease '" + lease + "' is not a Lease name ("
                        + KubernetesNames.OBJECT_NAME_RULE + ")");
            }
            if (identity == null || identity.isBlank()) {
                throw new IllegalArgumentException("leader election needs this replica's identity (POD_NAME)");
            }
        }

        public LeaderElection(String namespace, String lease, String identity, Runnable onLost) {
            this(namespace, lease, identity, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), onLost);
        }
    }

    /** {@code election} null: this is the only replica, and it reconciles from the start. */
    public static OffloadOperator start(KubernetesClient client, NicCatalog catalog, DevicePluginMode devicePlugin,
                                        LeaderElection election) {
        AtomicBoolean closing = new AtomicBoolean();
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withConcurrentReconciliationThreads(1);
            if (election != null) {
                // JOSDK 5.2 would System.exit on any loss of the Lease, even inside a shutdown hook during a graceful
                // stop (fixed upstream in 5.3.5, #3383); the caller decides how to end instead.
                o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.lease())
                        .withLeaseNamespace(election.namespace()).withIdentity(election.identity())
                        .withLeaseDuration(election.leaseDuration()).withRenewDeadline(election.renewDeadline())
                        .withRetryPeriod(election.retryPeriod()).withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> { }, () -> {
                            if (!closing.get()) {
                                election.onLost().run();
                            }
                        }, leader -> { }))
                        .build());
            }
        });
        operator.register(new OffloadPolicyReconciler(catalog, devicePlugin, Clock.systemUTC()));
        operator.start();
        warnOfAnUnsafeWebhook(client);
        return new OffloadOperator(operator, closing);
    }

    /** Once at start: the installed webhook against the server's version (WebhookServerCompatibility), as events. */
    private static void warnOfAnUnsafeWebhook(KubernetesClient client) {
        MutatingWebhookConfiguration webhook;
        VersionInfo version;
        try {
            webhook = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                    .withName(WebhookScope.CONFIGURATION).get();
            version = webhook == null ? null : client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            return;
        }
        if (webhook == null || version == null) {
            return;
        }
        ClusterScopedEvents events = new ClusterScopedEvents(client, Clock.systemUTC());
        WebhookServerCompatibility.minorOf(version.getMajor(), version.getMinor()).ifPresent(minor ->
                WebhookServerCompatibility.problems(webhook, minor)
                        .forEach(problem -> events.warning(webhook, "WebhookUnsafeOnThisServer", problem)));
    }

    /**
     * Why this operator should be restarted: it stopped, or an informer of its controller is no longer running (a
     * watch that is only disconnected, as in an API server outage, is retried and does not count).
     */
    public Optional<String> liveness() {
        RuntimeInfo runtime = operator.getRuntimeInfo();
        if (!runtime.isStarted()) {
            return Optional.of("the operator is not running");
        }
        List<String> stopped = runtime.unhealthyInformerWrappingEventSourceHealthIndicator().entrySet().stream()
                .flatMap(controller -> controller.getValue().entrySet().stream()
                        .filter(source -> stopped(source.getValue()))
                        .map(source -> controller.getKey() + "/" + source.getKey()))
                .toList();
        return stopped.isEmpty() ? Optional.empty()
                : Optional.of("informers stopped: " + String.join(", ", stopped) + "; the reconciler no longer sees changes");
    }

    @SuppressWarnings("unchecked")
    private static boolean stopped(InformerWrappingEventSourceHealthIndicator<?> source) {
        Map<String, InformerHealthIndicator> informers = (Map<String, InformerHealthIndicator>) source.informerHealthIndicators();
        return informers.values().stream().anyMatch(informer -> !informer.isRunning());
    }

    @Override
    public void close() {
        closing.set(true);
        operator.stop();
    }
}
