package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;

/** The client over a {@code tcp:HOST:PORT} target of a real ovsdb-server (loopback only). */
@Timeout(30)
class OvsdbTcpTest {
    private static HostFootprint before;
    private static LocalOvsdbServer server;

    @BeforeAll
    static void startServer() throws Exception {
        before = HostFootprint.take();
        server = LocalOvsdbServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @Test
    void readsAndWritesOverTcp() throws Exception {
        try (OvsdbClient client = OvsdbClient.connect(server.tcp(), Duration.ofSeconds(5))) {
            client.setOtherConfig("tc-policy", "skip_sw");
            assertThat(server.vsctl("get", "Open_vSwitch", ".", "other_config:tc-policy").stdout().strip()).isEqualTo("skip_sw");
            assertThat(client.openVswitch().otherConfig()).containsEntry("tc-policy", "skip_sw");
        }
        ClientThreads.assertNoneLeftFor(server.tcp());
    }

    @Test
    void answersTheServersInactivityProbe() throws Exception {
        // The server sends echo after 1 s of silence and drops a client that has not answered 1 s later.
        SocketAddressSpec manager = server.addTcpManager(1000);
        try (JsonRpcConnection connection = JsonRpcConnection.open(manager, Duration.ofSeconds(5));
             SocketChannel silent = SocketChannel.open(manager.address())) {
            Thread.sleep(3000);

            // Control: a client that never answers has been dropped, so the server did probe.
            silent.configureBlocking(false);
            assertThat(drain(silent)).as("the silent client's socket is closed").isEqualTo(-1);

            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.call("echo", List.of("still here")).path(0).asText()).isEqualTo("still here");
        }
    }

    /** Reads what the server sent (its echo requests) up to the end of the stream or of what is there now. */
    private static int drain(SocketChannel channel) throws Exception {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n;
        while ((n = channel.read(buffer)) > 0) {
            buffer.clear();
        }
        return n;
    }
}
