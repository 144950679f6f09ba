package io.hwoffload.cli.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.cli.CatalogOption;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.OffloadOperator;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.webhook.KubernetesNetworkAttachmentLookup;
import io.hwoffload.operator.webhook.PodResourceInjector;
import io.hwoffload.operator.webhook.PodResourceWebhookServer;
import io.hwoffload.operator.webhook.WebhookTlsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "operator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Run the cluster side: reconcile OffloadPolicies into NetworkAttachmentDefinitions, node labels"
                        + " and one OffloadNodeState per selected node (whose agent applies it and, by default, serves"
                        + " its VFs to the kubelet), with status conditions and events; with --device-plugin external,"
                        + " also merge the pools into sriov-network-device-plugin's ConfigMap"
                        + " (kube-system/sriovdp-config, pools others wrote kept); and, with --tls-cert/--tls-key,"
                        + " serve the webhook that adds a network's VF resource to the pods that select it.",
                "",
                "The Kubernetes connection is fabric8's usual one: --kubeconfig, else the pod's service account in a"
                        + " cluster, else KUBECONFIG or ~/.kube/config. Runs until SIGTERM.",
                ""},
        footer = {"", "In a cluster it runs from the bundle: hwoffload install | kubectl apply -f -"})
public final class OperatorCommand implements Callable<Integer> {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CatalogOption catalog;

    @Option(names = "--webhook-port", paramLabel = "PORT", defaultValue = "8443",
            description = "HTTPS port of the pod webhook (/mutate-pods; /healthz fails when the reconciler is dead,"
                    + " /readyz while the certificate served is not the one in --tls-cert, which is read again every"
                    + " 2 s); default: ${DEFAULT-VALUE}.")
    int webhookPort;

    @Option(names = "--tls-cert", paramLabel = "PEM_FILE",
            description = "The webhook's serving certificate chain (tls.crt of a kubernetes.io/tls Secret).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM_FILE",
            description = "Its PKCS#8 private key (tls.key).")
    Path tlsKey;

    @Mixin
    KubernetesConnection kubernetes;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the API server may take to answer at start (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--multus-namespace", paramLabel = "NAMESPACE", defaultValue = PodResourceInjector.DEFAULT_MULTUS_NAMESPACE,
            description = "Where Multus looks up a default-network given without a namespace (default: ${DEFAULT-VALUE}).")
    String multusNamespace;

    @Option(names = "--device-plugin", paramLabel = "MODE", defaultValue = "builtin", converter = DevicePluginModes.class,
            completionCandidates = DevicePluginModes.class,
            description = "builtin (default): the agents are the kubelet device plugin, and hwoffload's pools are taken"
                    + " out of kube-system/sriovdp-config; external: they are merged into it for"
                    + " sriov-network-device-plugin. As the install was made (hwoffload install --device-plugin).")
    DevicePluginMode devicePlugin;

    @Option(names = "--leader-election", paramLabel = "NAMESPACE/LEASE",
            description = "Run as one of several replicas: only the holder of this Lease reconciles (all serve the"
                    + " webhook). The replica's identity is $POD_NAME. A replica that loses the Lease exits (status 1) so"
                    + " that two never reconcile at once; its Deployment starts it again as a standby. Default: no"
                    + " election, this process reconciles.")
    String leaderElection;

    @Override
    public Integer call() throws InterruptedException {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UserInputException("--tls-cert and --tls-key go together; give both to serve the webhook, or neither");
        }
        if (webhookPort < 0 || webhookPort > 65535) {
            throw new UserInputException("--webhook-port " + webhookPort + " is not a TCP port (0-65535)");
        }
        NicCatalog nics = catalog.catalog();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean lostLease = new AtomicBoolean();
        OffloadOperator.LeaderElection election = leaderElection == null ? null : election(() -> {
            lostLease.set(true);
            stopped.countDown();
        });
        AtomicReference<OffloadOperator> running = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM runs the hook; it holds the JVM open until the informers, webhook and client are closed.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            awaitQuietly(closed);
        }, "hwoffload-operator-shutdown"));
        // The webhook's TLS files are checked before the API server is waited for: a usage error comes first.
        try (KubernetesClient client = kubernetes.client();
             PodResourceWebhookServer webhook = tlsCert == null ? null : startWebhook(client, running);
             OffloadOperator operator = startOperator(client, nics, election)) {
            running.set(operator);
            spec.commandLine().getOut().println("hwoffload operator: reconciling OffloadPolicies on " + client.getMasterUrl()
                    + (webhook == null ? "; no webhook (no --tls-cert)" : "; webhook on port " + webhook.port()));
            spec.commandLine().getOut().flush();
            stopped.await();
        } finally {
            closed.countDown();
        }
        if (lostLease.get()) {
            spec.commandLine().getErr().println("hwoffload operator: lost the Lease " + leaderElection
                    + "; another replica reconciles now, so this one exits");
            return 1;
        }
        return 0;
    }

    private OffloadOperator.LeaderElection election(Runnable onLost) {
        int slash = leaderElection.indexOf('/');
        try {
            if (slash < 0) {
                throw new IllegalArgumentException("--leader-election '" + leaderElection + "': give NAMESPACE/LEASE,"
                        + " such as hwoffload-system/hwoffload-operator");
            }
            return new OffloadOperator.LeaderElection(leaderElection.substring(0, slash),
                    leaderElection.substring(slash + 1), System.getenv("POD_NAME"), onLost);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    private OffloadOperator startOperator(KubernetesClient client, NicCatalog nics, OffloadOperator.LeaderElection election) {
        KubernetesConnection.awaitApiServer(client, timeout);
        return OffloadOperator.start(client, nics, devicePlugin, election);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Liveness is the reconciler's: still starting (waiting for the API server) is not dead. */
    private PodResourceWebhookServer startWebhook(KubernetesClient client, AtomicReference<OffloadOperator> operator) {
        // The JDK's HTTP server has no per-request deadline unless asked: without one, a few slow clients hold
        // all webhook threads while the API server waits. Seconds; the API server itself gives up after 10.
        System.setProperty("sun.net.httpserver.maxReqTime", "10");
        System.setProperty("sun.net.httpserver.maxRspTime", "10");
        try {
            return PodResourceWebhookServer.start(new InetSocketAddress(webhookPort), tlsCert, tlsKey,
                    new PodResourceInjector(new KubernetesNetworkAttachmentLookup(client), multusNamespace),
                    () -> Optional.ofNullable(operator.get()).flatMap(OffloadOperator::liveness));
        } catch (WebhookTlsException e) {
            throw new UserInputException(e.getMessage());
        } catch (IOException e) {
            throw new CommandFailedException("webhook: cannot listen on port " + webhookPort + " (" + e.getMessage() + ")", e);
        }
    }
}
