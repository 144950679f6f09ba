package io.hwoffload.host.ovs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests that kill, pause or restart ovsdb-server get a {@link LocalOvsdbServer} of their own per test, and the
 * class checks that none of them left anything on the host.
 */
abstract class FreshOvsdbServerTest {
    private static HostFootprint before;
    protected LocalOvsdbServer server;

    @BeforeAll
    static void takeFootprint() throws Exception {
        before = HostFootprint.take();
    }

    @AfterAll
    static void checkNothingLeft() throws Exception {
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @BeforeEach
    void startServer() throws Exception {
        server = LocalOvsdbServer.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }
}
