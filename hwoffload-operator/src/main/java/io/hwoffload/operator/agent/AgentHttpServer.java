package io.hwoffload.operator.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's HTTP endpoints on the JDK's own server: {@code /metrics} (Prometheus text exposition), {@code /healthz}
 * (liveness: 200 unless the process is stuck for good, which a restart would fix) and {@code /readyz} (readiness: 200
 * while it does its job, such as watching its OffloadNodeState; 503 with the problem otherwise, during an API
 * server outage say, when a restart would not help). Anything else is 404. The agent's and the standalone device
 * plugin's.
 */
public final class AgentHttpServer implements AutoCloseable {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService handlers;

    private AgentHttpServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Listens on every address at {@code port} (0: a free port, see {@link #port()}); {@code dead} and {@code unready}
     * say what is wrong for /healthz and /readyz, null while all is well.
     */
    public static AgentHttpServer start(int port, Supplier<String> metrics, Supplier<String> dead, Supplier<String> unready)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService handlers = Executors.newSingleThreadExecutor(AgentThreads.named("http"));
        server.setExecutor(handlers);
        server.createContext("/metrics", exchange -> respond(exchange, "/metrics",
                () -> new Response(200, PROMETHEUS_TEXT, metrics.get())));
        server.createContext("/healthz", exchange -> respond(exchange, "/healthz", () -> health(dead.get())));
        server.createContext("/readyz", exchange -> respond(exchange, "/readyz", () -> health(unready.get())));
        server.createContext("/", exchange -> respond(exchange, "/",
                () -> new Response(404, "text/plain", "not found\n")));
        server.start();
        return new AgentHttpServer(server, handlers);
    }

    /** The port it listens on: the one given, or the one the system chose for 0. */
    public int port() {
        return server.getAddress().getPort();
    }

    private record Response(int code, String contentType, String body) {
    }

    private static Response health(String problem) {
        return problem == null ? new Response(200, "text/plain", "ok\n") : new Response(503, "text/plain", problem + "\n");
    }

    private interface ResponseSource {
        Response get();
    }

    /** Answers GET and HEAD on exactly {@code path} (a context also matches longer paths); 404 and 405 otherwise. */
    private static void respond(HttpExchange exchange, String path, ResponseSource source) throws IOException {
        try (exchange) {
            Response response;
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(path)) {
                response = new Response(404, "text/plain", "not found\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = new Response(405, "text/plain", "use GET\n");
            } else {
                response = source.get();
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(response.code(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdown();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
