package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OVSDB values in RFC 7047 section 5.1 notation: atoms, {@code ["set", ...]}, {@code ["map", ...]}, uuids. */
final class OvsdbDatum {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OvsdbDatum() {
    }

    static ArrayNode uuid(String uuid) {
        return JSON.arrayNode().add("uuid").add(uuid);
    }

    /** A row inserted earlier in the same transaction, by its {@code uuid-name}. */
    static ArrayNode namedUuid(String name) {
        return JSON.arrayNode().add("named-uuid").add(name);
    }

    static ArrayNode set(JsonNode... atoms) {
        ArrayNode elements = JSON.arrayNode();
        for (JsonNode atom : atoms) {
            elements.add(atom);
        }
        return JSON.arrayNode().add("set").add(elements);
    }

    static ArrayNode map(String key, String value) {
        return JSON.arrayNode().add("map").add(JSON.arrayNode().add(JSON.arrayNode().add(key).add(value)));
    }

    /** A set column's elements; a set of exactly one element may come as the bare atom. */
    static List<JsonNode> elements(JsonNode datum) {
        List<JsonNode> elements = new ArrayList<>();
        if (datum.isArray() && "set".equals(datum.path(0).asText())) {
            datum.path(1).forEach(elements::add);
        } else if (!datum.isMissingNode() && !datum.isNull()) {
            elements.add(datum);
        }
        return elements;
    }

    /** The uuid string of a {@code ["uuid", "..."]} atom. */
    static String uuidOf(JsonNode atom) {
        return atom.path(1).asText();
    }

    /** An optional string column: the atom itself, or null for the empty set. */
    static String optionalString(JsonNode datum) {
        return datum.isTextual() ? datum.asText() : null;
    }

    /** A string-to-string map column. */
    static Map<String, String> stringMap(JsonNode datum) {
        Map<String, String> map = new LinkedHashMap<>();
        if (datum.isArray() && "map".equals(datum.path(0).asText())) {
            for (JsonNode pair : datum.path(1)) {
                map.put(pair.path(0).asText(), pair.path(1).asText());
            }
        }
        return map;
    }
}
