package io.hwoffload.operator.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP around an {@link AdmissionReviewHandler}: POST only, bodies capped, malformed reviews answered 400. */
final class AdmissionEndpoint implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(AdmissionEndpoint.class.getName());

    private final String path;
    private final AdmissionReviewHandler handler;
    private final int maxBodyBytes;

    AdmissionEndpoint(String path, AdmissionReviewHandler handler, int maxBodyBytes) {
        this.path = path;
        this.handler = handler;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // A context also matches longer paths; only the exact one is the webhook.
            if (!path.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "text/plain", "no such path\n");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, 405, "text/plain", "POST an AdmissionReview\n");
                return;
            }
            byte[] body = boundedBody(exchange);
            if (body == null) {
                send(exchange, 413, "text/plain", "an AdmissionReview is at most " + maxBodyBytes + " bytes\n");
                return;
            }
            String response;
            try {
                response = handler.respond(new String(body, StandardCharsets.UTF_8));
            } catch (MalformedAdmissionReviewException e) {
                send(exchange, 400, "text/plain", e.getMessage() + "\n");
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "AdmissionReview failed", e);
                send(exchange, 500, "text/plain", "internal error: " + e + "\n");
                return;
            }
            send(exchange, 200, "application/json", response);
        }
    }

    /**
     * The body, or null when it is larger than allowed. Up to another {@code maxBodyBytes} of an oversized body are
     * read and thrown away first: a client that reads the answer only after sending everything (the JDK's
     * HttpClient does) would otherwise see the connection reset instead of the 413. Past that the connection drops.
     */
    private byte[] boundedBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            if (declaredLength(exchange) > maxBodyBytes) {
                discard(in, maxBodyBytes);
                return null;
            }
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                discard(in, maxBodyBytes);
                return null;
            }
            return body;
        }
    }

    /** The Content-Length, or -1 for a chunked body (the JDK server has already refused an unparsable length). */
    private static long declaredLength(HttpExchange exchange) {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try {
            return declared == null ? -1 : Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = limit;
        int read;
        while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= read;
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
