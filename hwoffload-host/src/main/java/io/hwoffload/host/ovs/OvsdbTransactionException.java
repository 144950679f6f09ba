package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.Collectors;

/** ovsdb-server rejected a transaction: an operation, or the commit, failed; the message names which and why. */
public class OvsdbTransactionException extends JsonRpcException {
    public OvsdbTransactionException(String message) {
        super(message);
    }

    /** For the result at {@code index} of a transaction of {@code operations}, which has an {@code error}. */
    static OvsdbTransactionException rejected(String database, List<JsonNode> operations, int index, JsonNode result) {
        // RFC 7047 4.1.3: a failed operation has the error at its own index; a failed commit
        // (constraint or referential integrity) adds one result after the last operation.
        String failed = index < operations.size()
                ? "operation " + (index + 1) + " of " + operations.size() + " (" + describe(operations.get(index)) + ")"
                : "commit of " + operations.stream().map(OvsdbTransactionException::describe)
                        .collect(Collectors.joining(", ", "(", ")"));
        String details = result.path("details").asText("");
        return new OvsdbTransactionException(database + " transaction failed at " + failed + ": "
                + result.path("error").asText() + (details.isEmpty() ? "" : ": " + details));
    }

    private static String describe(JsonNode operation) {
        return (operation.path("op").asText("?") + " " + operation.path("table").asText("")).strip();
    }
}
