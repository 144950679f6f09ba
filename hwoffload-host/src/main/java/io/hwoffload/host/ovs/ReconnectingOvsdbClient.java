package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwoffload.core.inventory.OvsConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An {@link OvsdbClient} that outlives ovsdb-server restarts. When the connection dies it reconnects
 * in the background, backing off from 100 ms to 5 s, and re-issues the active monitors (their
 * callbacks then get the fresh initial state). An operation whose connection died under it is
 * retried once on the new connection: all of them but {@link #transact} are idempotent, so
 * repeating one that had been committed changes nothing.
 */
public final class ReconnectingOvsdbClient implements OvsConfigStore, AutoCloseable {
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final SocketAddressSpec target;
    private final Duration timeout;
    private final Duration keepalive;
    /** Every monitor callback of every connection, one at a time, so that they stay in order across a reconnect. */
    private final ExecutorService callbacks;
    private final ExecutorService reconnector;
    // Guarded by this:
    private final List<Subscription> subscriptions = new ArrayList<>();
    private OvsdbClient client;
    private String lastError = "none";
    private boolean closed;

    private interface Operation<T> {
        T apply(OvsdbClient client) throws JsonRpcException;
    }

    private interface Change {
        void apply(OvsdbClient client) throws JsonRpcException;
    }

    private ReconnectingOvsdbClient(SocketAddressSpec target, Duration timeout, Duration keepalive) {
        this.target = target;
        this.timeout = timeout;
        this.keepalive = keepalive;
        this.callbacks = Executors.newSingleThreadExecutor(DaemonThreads.named("ovsdb-monitor-" + target.text()));
        this.reconnector = Executors.newSingleThreadExecutor(DaemonThreads.named("ovsdb-reconnect-" + target.text()));
    }

    public static ReconnectingOvsdbClient connect(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        return connect(target, timeout, OvsdbClient.DEFAULT_KEEPALIVE);
    }

    /** The first connection must succeed (a wrong target fails here); later losses are repaired in the background. */
    public static ReconnectingOvsdbClient connect(SocketAddressSpec target, Duration timeout, Duration keepalive)
            throws JsonRpcException {
        ReconnectingOvsdbClient client = new ReconnectingOvsdbClient(target, timeout, keepalive);
        try {
            client.connectOnce();
            return client;
        } catch (JsonRpcException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public synchronized boolean isConnected() {
        return client != null && client.isOpen();
    }

    @Override
    public OvsConfig openVswitch() throws JsonRpcException {
        return retryOnce(OvsdbClient::openVswitch);
    }

    /** Not retried: an arbitrary transaction need not be idempotent. */
    public JsonNode transact(List<?> operations) throws JsonRpcException {
        return awaitClient().transact(operations);
    }

    @Override
    public void setOtherConfig(String key, String value) throws JsonRpcException {
        change(c -> c.setOtherConfig(key, value));
    }

    @Override
    public void setExternalId(String key, String value) throws JsonRpcException {
        change(c -> c.setExternalId(key, value));
    }

    @Override
    public void addBridge(String name) throws JsonRpcException {
        change(c -> c.addBridge(name));
    }

    @Override
    public void deleteBridge(String name) throws JsonRpcException {
        change(c -> c.deleteBridge(name));
    }

    @Override
    public void addPort(String bridge, String port) throws JsonRpcException {
        change(c -> c.addPort(bridge, port));
    }

    @Override
    public void deletePort(String bridge, String port) throws JsonRpcException {
        change(c -> c.deletePort(bridge, port));
    }

    /** As {@link OvsdbClient#monitor}; after each reconnect {@code onUpdate} gets the table's state afresh. */
    public synchronized OvsdbMonitor monitor(String table, List<String> columns, Consumer<JsonNode> onUpdate)
            throws JsonRpcException {
        Subscription subscription = new Subscription(table, List.copyOf(columns), onUpdate);
        OvsdbClient current = awaitClient();
        try {
            subscription.subscribe(current);
        } catch (JsonRpcException e) {
            if (current.isOpen()) {
                throw e;
            }
            // Lost meanwhile: the reconnect, waiting for this lock, issues it with the others.
        }
        subscriptions.add(subscription);
        return () -> cancel(subscription);
    }

    @Override
    public void close() {
        OvsdbClient current;
        synchronized (this) {
            closed = true;
            current = client;
            client = null;
            notifyAll();
        }
        reconnector.shutdownNow();
        if (current != null) {
            current.close();
        }
        callbacks.shutdown();
    }

    private void change(Change change) throws JsonRpcException {
        retryOnce(c -> {
            change.apply(c);
            return null;
        });
    }

    private <T> T retryOnce(Operation<T> operation) throws JsonRpcException {
        OvsdbClient first = awaitClient();
        try {
            return operation.apply(first);
        } catch (JsonRpcException e) {
            if (first.isOpen()) {
                throw e; // the server answered: a real error, not a lost connection
            }
            return operation.apply(awaitClient());
        }
    }

    /** The live client, waiting up to the timeout for a reconnect. */
    private synchronized OvsdbClient awaitClient() throws JsonRpcException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (client == null || !client.isOpen()) {
            if (closed) {
                throw new JsonRpcException("the OVSDB client for " + target.text() + " is closed");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new JsonRpcException("not connected to " + target.text() + " within " + timeout.toMillis()
                        + " ms (reconnecting; last error: " + lastError + ")");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JsonRpcException("interrupted while waiting to reconnect to " + target.text());
            }
        }
        return client;
    }

    /** Runs on the reader thread of a client whose connection ended: reconnects if it was the one in use. */
    private void lost() {
        synchronized (this) {
            if (closed || client == null || client.isOpen()) {
                return; // closed on purpose, or an attempt that never went into use
            }
            client.close();
            client = null;
        }
        reconnector.execute(this::reconnect);
    }

    private void reconnect() {
        long backoff = FIRST_BACKOFF.toMillis();
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            try {
                connectOnce();
                return;
            } catch (JsonRpcException e) {
                synchronized (this) {
                    lastError = e.getMessage();
                }
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return; // close()
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
        }
    }

    /** Connects, re-issues the monitors and puts the new client into use; all or nothing. */
    private void connectOnce() throws JsonRpcException {
        OvsdbClient fresh = OvsdbClient.connect(target, timeout, keepalive, callbacks, this::lost);
        synchronized (this) {
            try {
                if (closed) {
                    throw new JsonRpcException("the OVSDB client for " + target.text() + " is closed");
                }
                for (Subscription subscription : subscriptions) {
                    subscription.subscribe(fresh);
                }
                if (!fresh.isOpen()) {
                    throw new JsonRpcException("connection to " + target.text() + " lost while re-issuing monitors");
                }
            } catch (JsonRpcException | RuntimeException e) {
                fresh.close();
                throw e;
            }
            client = fresh;
            notifyAll();
        }
    }

    private synchronized void cancel(Subscription subscription) throws JsonRpcException {
        if (subscriptions.remove(subscription)) {
            subscription.cancel();
        }
    }

    /** A monitor to keep: what to watch, and where it is issued now. Guarded by the outer lock. */
    private static final class Subscription {
        private final String table;
        private final List<String> columns;
        private final Consumer<JsonNode> onUpdate;
        private OvsdbClient client;
        private OvsdbMonitor monitor;

        Subscription(String table, List<String> columns, Consumer<JsonNode> onUpdate) {
            this.table = table;
            this.columns = columns;
            this.onUpdate = onUpdate;
        }

        void subscribe(OvsdbClient on) throws JsonRpcException {
            monitor = on.monitor(table, columns, onUpdate);
            client = on;
        }

        void cancel() throws JsonRpcException {
            if (monitor == null) {
                return;
            }
            try {
                monitor.close();
            } catch (JsonRpcException e) {
                if (client.isOpen()) {
                    throw e; // otherwise the monitor died with its connection
                }
            }
        }
    }
}
