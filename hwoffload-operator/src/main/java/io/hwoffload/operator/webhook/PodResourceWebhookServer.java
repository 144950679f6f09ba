package io.hwoffload.operator.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pod resource webhook over HTTPS: {@value #MUTATE_PATH} takes the API server's AdmissionReviews and
 * {@value #HEALTH_PATH} answers probes. The certificate and key are read once, at start.
 */
public final class PodResourceWebhookServer implements AutoCloseable {
    public static final String MUTATE_PATH = "/mutate-pods";
    public static final String HEALTH_PATH = "/healthz";
    /** An AdmissionReview carries one pod; the API server's own request limit is 3 MiB. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** The work per review is one NetworkAttachmentDefinition GET per network; a few threads keep up with pod churn. */
    private static final int THREADS = 4;

    private final HttpsServer server;
    private final ExecutorService executor;

    private PodResourceWebhookServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Reads the PEM certificate chain and PKCS#8 key, binds and serves.
     *
     * @throws WebhookTlsException naming the file when the certificate or key is missing or unusable
     * @throws IOException when the address cannot be bound
     */
    public static PodResourceWebhookServer start(InetSocketAddress bind, Path certFile, Path keyFile,
                                                 PodResourceInjector injector) throws WebhookTlsException, IOException {
        HttpsConfigurator tls = new HttpsConfigurator(PemTlsContext.load(certFile, keyFile));
        AdmissionReviewHandler handler = new AdmissionReviewHandler(injector);
        HttpsServer server = HttpsServer.create(bind, 0);
        server.setHttpsConfigurator(tls);
        server.createContext(MUTATE_PATH, new AdmissionEndpoint(MUTATE_PATH, handler, MAX_BODY_BYTES));
        server.createContext(HEALTH_PATH, exchange -> {
            try (exchange) {
                AdmissionEndpoint.send(exchange, 200, "text/plain", "ok\n");
            }
        });
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, namedDaemonThreads());
        server.setExecutor(executor);
        server.start();
        return new PodResourceWebhookServer(server, executor);
    }

    /** The bound port: the one asked for, or the one the system chose for port 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets exchanges in progress finish for up to a second, and ends the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory namedDaemonThreads() {
        AtomicInteger next = new AtomicInteger(1);
        return runnable -> {
            Thread thread = new Thread(runnable, "pod-resource-webhook-" + next.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }
}
