package io.hwoffload.operator.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** /metrics and /healthz on an ephemeral port, and nothing else. */
class AgentHttpServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesMetricsAndHealthAndNothingElse() throws Exception {
        AtomicBoolean watching = new AtomicBoolean(true);
        try (AgentHttpServer server = AgentHttpServer.start(0, () -> "hwoffload_vfs_configured{node=\"n\"} 4.0\n",
                () -> null, () -> watching.get() ? null : "not watching its OffloadNodeState")) {
            assertThat(server.port()).isPositive();

            HttpResponse<String> metrics = send(server, "GET", "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).isEqualTo("hwoffload_vfs_configured{node=\"n\"} 4.0\n");

            assertThat(send(server, "GET", "/healthz").statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/readyz").statusCode()).isEqualTo(200);
            watching.set(false);
            HttpResponse<String> unready = send(server, "GET", "/readyz");
            assertThat(unready.statusCode()).isEqualTo(503);
            assertThat(unready.body()).contains("not watching");
            assertThat(send(server, "GET", "/healthz").statusCode()).as("an API server outage is no reason to restart")
                    .isEqualTo(200);

            assertThat(send(server, "GET", "/").statusCode()).isEqualTo(404);
            assertThat(send(server, "GET", "/metricsfoo").statusCode()).isEqualTo(404);
            assertThat(send(server, "GET", "/metrics/x").statusCode()).isEqualTo(404);
            HttpResponse<String> post = send(server, "POST", "/metrics");
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Test
    void closingStopsListeningAndItsThread() throws Exception {
        AgentHttpServer server = AgentHttpServer.start(0, () -> "", () -> null, () -> null);
        int port = server.port();
        assertThat(send(server, "GET", "/healthz").statusCode()).isEqualTo(200);

        server.close();

        // The executor reports termination as its worker leaves its loop, a moment before the thread itself ends.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(Thread::isAlive).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith(AgentThreads.PREFIX + "http")));
        try (Socket socket = new Socket()) {
            assertThat(catchThrowable(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1000)))
                    .as("connecting to the closed port").isInstanceOf(IOException.class);
        }
    }

    private static HttpResponse<String> send(AgentHttpServer server, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
