package io.hwoffload.host.ovs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JSON-RPC 1.0 session as OVS speaks it (RFC 7047 section 4 for OVSDB; the same framing for the
 * unixctl socket of every OVS daemon): JSON objects back to back on a stream socket, no length
 * prefix or delimiter. One reader thread per connection hands each reply to the call waiting for
 * its id, answers the peer's {@code echo} requests and passes notifications to a {@link Listener};
 * so calls may come from several threads at once.
 */
public final class JsonRpcConnection implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What the peer sends unasked. Runs on the reader thread: it must not wait for a reply on this connection. */
    public interface Listener {
        Listener NONE = (method, params) -> { };

        /** A notification such as OVSDB's {@code update}: {@code id} null. */
        void notification(String method, JsonNode params);

        /** The connection is gone; every pending and later call fails with {@code cause}. */
        default void disconnected(JsonRpcException cause) {
        }
    }

    private final SocketAddressSpec target;
    private final SocketChannel channel;
    private final Duration timeout;
    private final Listener listener;
    private final Object writeLock = new Object();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Set once, when the connection ends; its message says why. */
    private final AtomicReference<JsonRpcException> failure = new AtomicReference<>();
    private volatile long lastReceived = System.nanoTime();

    private JsonRpcConnection(SocketAddressSpec target, SocketChannel channel, Duration timeout, Listener listener) {
        this.target = target;
        this.channel = channel;
        this.timeout = timeout;
        this.listener = listener;
    }

    public static JsonRpcConnection open(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        return open(target, timeout, Listener.NONE);
    }

    public static JsonRpcConnection open(SocketAddressSpec target, Duration timeout, Listener listener)
            throws JsonRpcException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(target.family());
            try {
                if (target.family() == java.net.StandardProtocolFamily.UNIX) {
                    channel.connect(target.address());
                } else {
                    // The socket adaptor's connect takes a deadline; a TCP peer that never answers must not hang us.
                    channel.socket().connect(target.address(), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            throw new JsonRpcException("cannot connect to " + target.text() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
        JsonRpcConnection connection = new JsonRpcConnection(target, channel, timeout, listener);
        DaemonThreads.named("jsonrpc-" + target.text()).newThread(connection::readLoop).start();
        return connection;
    }

    public SocketAddressSpec target() {
        return target;
    }

    public boolean isOpen() {
        return failure.get() == null;
    }

    /** Sends a request and waits for its reply; returns the {@code result}, throws on {@code error}. */
    public JsonNode call(String method, List<?> params) throws JsonRpcException {
        long id = nextId.getAndIncrement();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        // The reader fails what is pending when the connection ends; a call that raced with that sees it here.
        JsonRpcException ended = failure.get();
        if (ended != null) {
            pending.remove(id);
            throw new JsonRpcException(ended.getMessage(), ended);
        }
        ObjectNode request = MAPPER.createObjectNode();
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        params.forEach(p -> array.add(MAPPER.valueToTree(p)));
        request.put("id", id);
        try {
            send(request);
        } catch (IOException e) {
            pending.remove(id);
            end(lost(e.getMessage()));
            throw new JsonRpcException("cannot send '" + method + "' to " + target.text() + ": " + e.getMessage(), e);
        }
        JsonNode message = await(id, reply, method);
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            throw new JsonRpcException(target.text() + " answered '" + method + "' with an error: "
                    + (error.isTextual() ? error.asText().strip() : error.toString()));
        }
        return message.path("result");
    }

    private JsonNode await(long id, CompletableFuture<JsonNode> reply, String method) throws JsonRpcException {
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // The session stays up: a late reply is dropped, and a dead peer is the keepalive's to find.
            pending.remove(id);
            throw new JsonRpcException(target.text() + " did not answer '" + method + "' within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            pending.remove(id);
            Thread.currentThread().interrupt();
            throw new JsonRpcException("interrupted while waiting for " + target.text() + " to answer '" + method + "'");
        } catch (ExecutionException e) {
            throw new JsonRpcException(e.getCause().getMessage() + " (while waiting for '" + method + "')", e.getCause());
        }
    }

    /** Nanoseconds since the peer last sent anything: what a keepalive probes on. */
    long nanosSinceLastMessage() {
        return System.nanoTime() - lastReceived;
    }

    /** Ends the connection as lost for {@code reason}: pending and later calls fail saying so. */
    void abort(String reason) {
        end(lost(reason));
    }

    @Override
    public void close() {
        end(new JsonRpcException("connection to " + target.text() + " was closed"));
    }

    private JsonRpcException lost(String reason) {
        return new JsonRpcException("connection to " + target.text() + " lost: " + reason);
    }

    /** The first reason wins; closing the channel wakes the reader, which fails what is pending. */
    private void end(JsonRpcException reason) {
        failure.compareAndSet(null, reason);
        try {
            channel.close();
        } catch (IOException e) {
            // closing is best effort; the socket is gone either way
        }
    }

    private void send(JsonNode message) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(MAPPER.writeValueAsBytes(message));
        synchronized (writeLock) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private void readLoop() {
        String reason;
        try {
            // A Reader, not the InputStream: Jackson's byte-source parser reads ahead to detect the
            // encoding when it is created, which blocks forever as the peer speaks only when asked.
            // RFC 7047 fixes the encoding to UTF-8 anyway.
            Reader input = new InputStreamReader(inputStream(channel), StandardCharsets.UTF_8);
            JsonParser in = MAPPER.getFactory().createParser(input);
            JsonNode message;
            while ((message = MAPPER.readTree(in)) != null) {
                lastReceived = System.nanoTime();
                dispatch(message);
            }
            reason = "closed by the peer";
        } catch (IOException | RuntimeException e) {
            reason = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        end(lost(reason));
        JsonRpcException cause = failure.get();
        pending.values().forEach(reply -> reply.completeExceptionally(cause));
        pending.clear();
        listener.disconnected(cause);
    }

    private void dispatch(JsonNode message) throws IOException {
        JsonNode method = message.get("method");
        if (method == null || method.isNull()) {
            CompletableFuture<JsonNode> reply = pending.remove(message.path("id").asLong(-1));
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        JsonNode id = message.path("id");
        if (id.isMissingNode() || id.isNull()) {
            listener.notification(method.asText(), message.path("params"));
        } else if (method.asText().equals("echo")) {
            send(response(id, message.path("params"), null));
        } else {
            // OVSDB servers request nothing but echo; answer anything else so that the peer does not wait.
            send(response(id, null, "unknown method " + method.asText()));
        }
    }

    private static ObjectNode response(JsonNode id, JsonNode result, String error) {
        ObjectNode response = MAPPER.createObjectNode();
        response.set("result", result);
        response.put("error", error);
        response.set("id", id);
        return response;
    }

    /**
     * Reads straight from the channel. The JDK's {@code Channels.newInputStream} holds the channel's
     * blocking lock while it waits for data, and its output stream needs the same lock, so no call
     * could be sent while the reader thread waits for the peer.
     */
    private static InputStream inputStream(SocketChannel channel) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return channel.read(ByteBuffer.wrap(buffer, offset, length));
            }
        };
    }
}
