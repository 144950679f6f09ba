package io.hwoffload.host.ovs;

/** The peer answered a JSON-RPC request with an error, or the exchange failed. */
public class JsonRpcException extends Exception {
    public JsonRpcException(String message) {
        super(message);
    }

    public JsonRpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
