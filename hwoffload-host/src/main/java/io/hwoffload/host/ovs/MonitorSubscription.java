package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One monitor's deliveries in the order the server meant them: the initial state first, then each
 * update. The reader thread may see an update before the caller of {@code monitor} has its reply
 * (the initial state) in hand, so updates wait here until the initial state is queued.
 */
final class MonitorSubscription {
    private final Consumer<JsonNode> onUpdate;
    private final Executor callbacks;
    /** Updates read before the initial state was handed over; null afterwards. */
    private List<JsonNode> early = new ArrayList<>();

    MonitorSubscription(Consumer<JsonNode> onUpdate, Executor callbacks) {
        this.onUpdate = onUpdate;
        this.callbacks = callbacks;
    }

    synchronized void start(JsonNode initial) {
        deliver(initial);
        early.forEach(this::deliver);
        early = null;
    }

    synchronized void update(JsonNode tableUpdates) {
        if (early != null) {
            early.add(tableUpdates);
        } else {
            deliver(tableUpdates);
        }
    }

    private void deliver(JsonNode tableUpdates) {
        try {
            callbacks.execute(() -> onUpdate.accept(tableUpdates));
        } catch (RejectedExecutionException e) {
            // The client was closed while the update was on its way: nobody is listening any more.
        }
    }
}
