package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What a client sees when ovsdb-server stops answering or dies (a real server, paused with
 * SIGSTOP or killed with SIGKILL): a clear timeout, pending calls failing at once, a dead
 * connection found by the keepalive.
 */
@Timeout(30)
class OvsdbConnectionLossTest extends FreshOvsdbServerTest {

    @Test
    void aCallTimesOutNamingTargetAndMethodAndTheSessionSurvives() throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(server.unix(), Duration.ofMillis(300), Duration.ZERO)) {
            server.pause();
            try {
                assertThatThrownBy(client::echo).isInstanceOf(JsonRpcException.class)
                        .hasMessage(server.unix().text() + " did not answer 'echo' within 300 ms");
            } finally {
                server.resume();
            }
            client.echo();
            assertThat(client.isOpen()).isTrue();
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void aDyingServerFailsPendingCallsAtOnceAndClosesTheConnection() throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(server.unix(), Duration.ofSeconds(20), Duration.ZERO)) {
            server.pause();
            CompletableFuture<Void> pending = CompletableFuture.runAsync(() -> {
                try {
                    client.openVswitch();
                } catch (JsonRpcException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(200);
            assertThat(pending).as("waiting for the paused server").isNotDone();

            long killed = System.nanoTime();
            server.kill();
            assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().cause().isInstanceOf(JsonRpcException.class)
                    .hasMessageStartingWith("connection to " + server.unix().text() + " lost: ");
            assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("failed without waiting for the timeout")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(client.isOpen()).isFalse();
            // A killed server resets the socket if our request was still unread, else closes it: either way, lost.
            assertThatThrownBy(client::echo).isInstanceOf(JsonRpcException.class)
                    .hasMessageStartingWith("connection to " + server.unix().text() + " lost: ");
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void theKeepaliveFindsAServerThatStoppedAnswering() throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(server.unix(), Duration.ofMillis(300), Duration.ofMillis(200))) {
            // Idle far longer than the keepalive: its echoes are answered, so the connection stays.
            Thread.sleep(1000);
            assertThat(client.isOpen()).isTrue();

            server.pause();
            try {
                awaitClosed(client);
            } finally {
                server.resume();
            }
            assertThatThrownBy(client::echo).isInstanceOf(JsonRpcException.class)
                    .hasMessageContaining("lost: no reply to a keepalive echo")
                    .hasMessageContaining("did not answer 'echo' within 300 ms");
        }
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    @Test
    void closingFailsLaterCallsSayingSo() throws Exception {
        OvsdbClient client = OvsdbClient.connect(server.unix(), Duration.ofSeconds(5));
        client.close();
        assertThat(client.isOpen()).isFalse();
        assertThatThrownBy(client::openVswitch).isInstanceOf(JsonRpcException.class)
                .hasMessage("connection to " + server.unix().text() + " was closed");
        ClientThreads.assertNoneLeftFor(server.unix());
    }

    private static void awaitClosed(OvsdbClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (client.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(client.isOpen()).as("connection seen dead by the keepalive").isFalse();
    }
}
