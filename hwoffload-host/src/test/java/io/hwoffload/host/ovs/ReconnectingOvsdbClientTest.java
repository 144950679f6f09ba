package io.hwoffload.host.ovs;

import static io.hwoffload.host.ovs.OvsdbClientTest.externalIds;
import static io.hwoffload.host.ovs.OvsdbClientTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link ReconnectingOvsdbClient} across a real ovsdb-server killed and started again on the same database and socket. */
@Timeout(30)
class ReconnectingOvsdbClientTest extends FreshOvsdbServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void monitorsAndChangesWorkAgainAfterAServerRestart() throws Exception {
        server.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-phase=start");
        BlockingQueue<JsonNode> updates = new LinkedBlockingQueue<>();
        try (ReconnectingOvsdbClient client = ReconnectingOvsdbClient.connect(server.unix(), TIMEOUT)) {
            OvsdbMonitor monitor = client.monitor("Open_vSwitch", List.of("external_ids"), updates::add);
            assertThat(externalIds(row(updates.poll(5, TimeUnit.SECONDS)).path("new"))).containsEntry("hwo-phase", "start");

            server.kill();
            awaitConnected(client, false);
            server.transactOffline("[\"Open_vSwitch\", {\"op\": \"mutate\", \"table\": \"Open_vSwitch\", \"where\": [],"
                    + " \"mutations\": [[\"external_ids\", \"delete\", [\"set\", [\"hwo-phase\"]]],"
                    + " [\"external_ids\", \"insert\", [\"map\", [[\"hwo-phase\", \"while-down\"]]]]]}]");
            server.restart();
            awaitConnected(client, true);

            // The re-issued monitor starts with the fresh initial state: it shows what changed meanwhile.
            JsonNode initial = row(updates.poll(5, TimeUnit.SECONDS));
            assertThat(initial.path("old").isMissingNode()).isTrue();
            assertThat(externalIds(initial.path("new"))).containsEntry("hwo-phase", "while-down");

            server.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-phase=after-restart");
            assertThat(externalIds(row(updates.poll(5, TimeUnit.SECONDS)).path("new"))).containsEntry("hwo-phase", "after-restart");

            client.setOtherConfig("hw-offload", "true");
            assertThat(server.vsctl("get", "Open_vSwitch", ".", "other_config:hw-offload").stdout().strip()).isEqualTo("\"true\"");
            assertThat(client.openVswitch().hwOffload()).isTrue();

            monitor.close();
            server.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-phase=cancelled");
            client.openVswitch(); // the server has sent any update for the change before this reply
            assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).as("no update after cancelling").isNull();
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void aChangeWhoseConnectionDiesIsRetriedOnceAfterReconnecting() throws Exception {
        try (ReconnectingOvsdbClient client = ReconnectingOvsdbClient.connect(server.unix(), TIMEOUT)) {
            server.pause();
            CompletableFuture<Void> adding = CompletableFuture.runAsync(() -> {
                try {
                    client.addBridge("hwo-brr");
                    client.addPort("hwo-brr", "hwo-pr");
                } catch (JsonRpcException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            assertThat(adding).as("waiting for the paused server").isNotDone();

            server.kill();
            server.restart();
            adding.get(10, TimeUnit.SECONDS);

            assertThat(server.vsctl("list-br").stdout().strip()).isEqualTo("hwo-brr");
            assertThat(server.vsctl("list-ports", "hwo-brr").stdout().strip()).isEqualTo("hwo-pr");
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void aRawTransactionIsNotRetried() throws Exception {
        try (ReconnectingOvsdbClient client = ReconnectingOvsdbClient.connect(server.unix(), TIMEOUT)) {
            server.pause();
            Map<String, Object> select = Map.of("op", "select", "table", "Open_vSwitch", "where", List.of());
            CompletableFuture<JsonNode> transaction = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.transact(List.of(select));
                } catch (JsonRpcException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            server.kill();
            server.restart();

            assertThatThrownBy(() -> transaction.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().cause().hasMessageStartingWith("connection to " + server.unix().text() + " lost: ");
            awaitConnected(client, true);
            assertThat(client.transact(List.of(select)).path(0).path("rows")).hasSize(1);
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void callsFailClearlyWhileTheServerStaysDown() throws Exception {
        try (ReconnectingOvsdbClient client = ReconnectingOvsdbClient.connect(server.unix(), Duration.ofMillis(500))) {
            server.kill();
            assertThatThrownBy(() -> client.setExternalId("k", "v")).isInstanceOf(JsonRpcException.class)
                    .hasMessageStartingWith("not connected to " + server.unix().text() + " within 500 ms (reconnecting; last error: ")
                    .hasMessageContaining("cannot connect");
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void theFirstConnectionMustSucceed() throws Exception {
        server.kill();
        assertThatThrownBy(() -> ReconnectingOvsdbClient.connect(server.unix(), TIMEOUT))
                .isInstanceOf(JsonRpcException.class).hasMessageStartingWith("cannot connect to " + server.unix().text());
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    private static void awaitConnected(ReconnectingOvsdbClient client, boolean connected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.isConnected() != connected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.isConnected()).as("connected").isEqualTo(connected);
    }
}
