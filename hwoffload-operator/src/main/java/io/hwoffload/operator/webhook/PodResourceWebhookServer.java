package io.hwoffload.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The pod resource webhook over HTTPS: {@value #MUTATE_PATH} takes the API server's AdmissionReviews,
 * {@value #HEALTH_PATH} answers liveness (what the caller says of the rest of the process, the reconciler) and
 * {@value #READY_PATH} readiness (the certificate served is the one mounted). The certificate files are read again
 * every {@link #RELOAD_INTERVAL}, so a renewed certificate is served within that time without a restart.
 */
public final class PodResourceWebhookServer implements AutoCloseable {
    public static final String MUTATE_PATH = "/mutate-pods";
    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    /** A Secret volume changes when the kubelet syncs it (a minute or so); this adds at most two seconds. */
    public static final Duration RELOAD_INTERVAL = Duration.ofSeconds(2);
    /** An AdmissionReview carries one pod; the API server's own request limit is 3 MiB. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** The work per review is one NetworkAttachmentDefinition GET per network; a few threads keep up with pod churn. */
    private static final int THREADS = 4;

    private final HttpsServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService reloader;

    private PodResourceWebhookServer(HttpsServer server, ExecutorService executor, ScheduledExecutorService reloader) {
        this.server = server;
        this.executor = executor;
        this.reloader = reloader;
    }

    /**
     * Reads the PEM certificate chain and PKCS#8 key, binds and serves. {@code liveness} gives the reason the
     * process should be restarted, if there is one.
     *
     * @throws WebhookTlsException naming the file when the certificate or key is missing or unusable
     * @throws IOException when the address cannot be bound
     */
    public static PodResourceWebhookServer start(InetSocketAddress bind, Path certFile, Path keyFile,
                                                 PodResourceInjector injector, Supplier<Optional<String>> liveness)
            throws WebhookTlsException, IOException {
        ServingCertificate certificate = ServingCertificate.load(certFile, keyFile);
        AdmissionReviewHandler handler = new AdmissionReviewHandler(injector);
        HttpsServer server = HttpsServer.create(bind, 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
        server.createContext(MUTATE_PATH, new AdmissionEndpoint(MUTATE_PATH, handler, MAX_BODY_BYTES));
        server.createContext(HEALTH_PATH, exchange -> probe(exchange, liveness.get()));
        server.createContext(READY_PATH, exchange -> probe(exchange, certificate.notServingMounted()));
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, namedDaemonThreads("pod-resource-webhook-"));
        server.setExecutor(executor);
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(
                namedDaemonThreads("webhook-certificate-"));
        reloader.scheduleWithFixedDelay(certificate::reloadIfChanged, RELOAD_INTERVAL.toMillis(),
                RELOAD_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        server.start();
        return new PodResourceWebhookServer(server, executor, reloader);
    }

    private static void probe(HttpExchange exchange, Optional<String> problem) throws IOException {
        try (exchange) {
            if (problem.isPresent()) {
                AdmissionEndpoint.send(exchange, 503, "text/plain", problem.get() + "\n");
            } else {
                AdmissionEndpoint.send(exchange, 200, "text/plain", "ok\n");
            }
        }
    }

    /** The bound port: the one asked for, or the one the system chose for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, and ends the threads. */
    @Override
    public void close() {
        reloader.shutdownNow();
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemonThreads(String prefix) {
        AtomicInteger next = new AtomicInteger(1);
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
