package io.hwoffload.host.ovs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON-RPC 1.0 session as OVS speaks it (RFC 7047 section 4 for OVSDB; the same framing for the
 * unixctl socket of every OVS daemon): JSON objects back to back on a stream socket, no length
 * prefix or delimiter. Requests are synchronous; OVS notifications that arrive in between (such
 * as OVSDB {@code echo}) are answered or skipped.
 */
public final class JsonRpcConnection implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SocketAddressSpec target;
    private final SocketChannel channel;
    private final OutputStream out;
    private final JsonParser in;
    private final Duration timeout;
    private final ExecutorService reader;
    private long nextId = 1;

    private JsonRpcConnection(SocketAddressSpec target, SocketChannel channel, Duration timeout) throws IOException {
        this.target = target;
        this.channel = channel;
        this.timeout = timeout;
        this.out = Channels.newOutputStream(channel);
        // A Reader, not the InputStream: Jackson's byte-source parser reads ahead to detect the
        // encoding when it is created, which blocks forever as the peer speaks only when asked.
        // RFC 7047 fixes the encoding to UTF-8 anyway.
        Reader input = new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8);
        this.in = MAPPER.getFactory().createParser(input);
        this.reader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "jsonrpc-" + target.text());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static JsonRpcConnection open(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        try {
            SocketChannel channel = SocketChannel.open(target.family());
            try {
                channel.connect(target.address());
                return new JsonRpcConnection(target, channel, timeout);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new JsonRpcException("cannot connect to " + target.text() + ": " + e.getMessage(), e);
        }
    }

    /** Sends a request and waits for its reply; returns the {@code result}, throws on {@code error}. */
    public JsonNode call(String method, List<?> params) throws JsonRpcException {
        long id = nextId++;
        ObjectNode request = MAPPER.createObjectNode();
        request.put("method", method);
        ArrayNode array = request.putArray("params");
        params.forEach(p -> array.add(MAPPER.valueToTree(p)));
        request.put("id", id);
        try {
            out.write(MAPPER.writeValueAsBytes(request));
            out.flush();
        } catch (IOException e) {
            throw new JsonRpcException("cannot send '" + method + "' to " + target.text() + ": " + e.getMessage(), e);
        }
        JsonNode reply = awaitReply(id, method);
        JsonNode error = reply.get("error");
        if (error != null && !error.isNull()) {
            throw new JsonRpcException(target.text() + " answered '" + method + "' with an error: "
                    + (error.isTextual() ? error.asText().strip() : error.toString()));
        }
        return reply.path("result");
    }

    private JsonNode awaitReply(long id, String method) throws JsonRpcException {
        Future<JsonNode> reply = reader.submit(() -> readReply(id));
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            close();
            throw new JsonRpcException(target.text() + " did not answer '" + method + "' within " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new JsonRpcException("interrupted while waiting for " + target.text());
        } catch (ExecutionException e) {
            throw new JsonRpcException("reading the reply to '" + method + "' from " + target.text()
                    + " failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private JsonNode readReply(long id) throws IOException {
        while (true) {
            JsonNode message = MAPPER.readTree(in);
            if (message == null) {
                throw new IOException("connection closed by peer");
            }
            JsonNode method = message.get("method");
            if (method != null && !method.isNull()) {
                if (method.asText().equals("echo")) {
                    ObjectNode echo = MAPPER.createObjectNode();
                    echo.set("result", message.path("params"));
                    echo.putNull("error");
                    echo.set("id", message.path("id"));
                    out.write(MAPPER.writeValueAsBytes(echo));
                    out.flush();
                }
                continue; // notifications are not ours to handle here
            }
            if (message.path("id").asLong(-1) == id) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        reader.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // closing is best effort; the socket is gone either way
        }
    }
}
