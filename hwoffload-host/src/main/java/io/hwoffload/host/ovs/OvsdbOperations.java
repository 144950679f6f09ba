package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 7047 section 5.2 operations, built as the JSON objects that {@code transact} sends. */
final class OvsdbOperations {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OvsdbOperations() {
    }

    static ObjectNode select(String table, ArrayNode where, String... columns) {
        ObjectNode op = operation("select", table, where);
        ArrayNode list = op.putArray("columns");
        for (String column : columns) {
            list.add(column);
        }
        return op;
    }

    /** Inserts {@code row}; later operations of the transaction refer to it as {@code ["named-uuid", uuidName]}. */
    static ObjectNode insert(String table, ObjectNode row, String uuidName) {
        ObjectNode op = JSON.objectNode().put("op", "insert").put("table", table);
        op.set("row", row);
        op.put("uuid-name", uuidName);
        return op;
    }

    /** Applies {@code mutations} in order to every row matching {@code where}; the result's count says how many. */
    static ObjectNode mutate(String table, ArrayNode where, ArrayNode... mutations) {
        ObjectNode op = operation("mutate", table, where);
        ArrayNode list = op.putArray("mutations");
        for (ArrayNode mutation : mutations) {
            list.add(mutation);
        }
        return op;
    }

    /** Sets the columns of {@code row} in every row matching {@code where}; the result's count says how many. */
    static ObjectNode update(String table, ArrayNode where, ObjectNode row) {
        ObjectNode op = operation("update", table, where);
        op.set("row", row);
        return op;
    }

    static ObjectNode row() {
        return JSON.objectNode();
    }

    /** Every row: the empty condition list. */
    static ArrayNode all() {
        return JSON.arrayNode();
    }

    /** One condition, {@code [column, function, value]}. */
    static ArrayNode where(String column, String function, JsonNode value) {
        return JSON.arrayNode().add(JSON.arrayNode().add(column).add(function).add(value));
    }

    static ArrayNode mutation(String column, String mutator, JsonNode value) {
        return JSON.arrayNode().add(column).add(mutator).add(value);
    }

    private static ObjectNode operation(String op, String table, ArrayNode where) {
        ObjectNode node = JSON.objectNode().put("op", op).put("table", table);
        node.set("where", where);
        return node;
    }
}
