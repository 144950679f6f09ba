package io.hwoffload.host.ovs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Probes an idle connection with {@code echo}, as OVS's own inactivity probe does, so that a peer
 * that stopped answering (a hung server, a silently dropped TCP path) shows as a dead connection
 * rather than as calls that each wait out their timeout.
 */
final class Keepalive implements AutoCloseable {
    private final JsonRpcConnection connection;
    private final long intervalNanos;
    private final ScheduledExecutorService timer;

    private Keepalive(JsonRpcConnection connection, Duration interval) {
        this.connection = connection;
        this.intervalNanos = interval.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("ovsdb-keepalive-" + connection.target().text()));
    }

    /** Starts probing after {@code interval} without a message from the peer; zero turns probing off. */
    static Keepalive start(JsonRpcConnection connection, Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("keepalive interval must not be negative: " + interval);
        }
        // The timer's thread starts with its first task, so an unused timer costs no thread.
        Keepalive keepalive = new Keepalive(connection, interval);
        if (!interval.isZero()) {
            keepalive.checkAfter(keepalive.intervalNanos);
        }
        return keepalive;
    }

    private void checkAfter(long nanos) {
        timer.schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (!connection.isOpen()) {
            return;
        }
        long idle = connection.nanosSinceLastMessage();
        if (idle < intervalNanos) {
            checkAfter(intervalNanos - idle);
            return;
        }
        try {
            connection.call("echo", List.of());
        } catch (JsonRpcException e) {
            connection.abort("no reply to a keepalive echo: " + e.getMessage());
            return;
        }
        checkAfter(intervalNanos);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
