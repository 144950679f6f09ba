package io.hwoffload.host.ovs;

import static io.hwoffload.host.ovs.OvsdbDatum.elements;
import static io.hwoffload.host.ovs.OvsdbDatum.uuidOf;
import static io.hwoffload.host.ovs.OvsdbOperations.all;
import static io.hwoffload.host.ovs.OvsdbOperations.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.inventory.OvsBridge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Bridge rows with their ports by name, from one read of the Bridge and Port tables. */
final class BridgeRows {
    /** A Bridge row and its ports: port name to Port uuid, sorted by name; datapathType "" when not set. */
    record Row(String uuid, String name, Map<String, String> ports, String datapathType) {
    }

    private final List<Row> rows;

    private BridgeRows(List<Row> rows) {
        this.rows = rows;
    }

    /** The two selects to send, in this order, in one transaction. */
    static List<ObjectNode> selects() {
        return List.of(select("Bridge", all(), "_uuid", "name", "ports", "datapath_type"), select("Port", all(), "_uuid", "name"));
    }

    /** From the results of {@link #selects()}. */
    static BridgeRows of(JsonNode bridgeSelect, JsonNode portSelect) {
        Map<String, String> portNames = new HashMap<>();
        for (JsonNode port : portSelect.path("rows")) {
            portNames.put(uuidOf(port.path("_uuid")), port.path("name").asText());
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode bridge : bridgeSelect.path("rows")) {
            Map<String, String> ports = new TreeMap<>();
            for (JsonNode ref : elements(bridge.path("ports"))) {
                ports.put(portNames.getOrDefault(uuidOf(ref), uuidOf(ref)), uuidOf(ref));
            }
            rows.add(new Row(uuidOf(bridge.path("_uuid")), bridge.path("name").asText(), ports,
                    bridge.path("datapath_type").asText("")));
        }
        rows.sort(Comparator.comparing(Row::name));
        return new BridgeRows(rows);
    }

    /** The bridge called {@code name}, or null. */
    Row bridge(String name) {
        return rows.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
    }

    /** The bridge that has a port called {@code port}, or null. */
    Row owner(String port) {
        return rows.stream().filter(b -> b.ports().containsKey(port)).findFirst().orElse(null);
    }

    /** Bridge name to datapath_type, for the bridges that set one. */
    Map<String, String> datapathTypes() {
        Map<String, String> types = new TreeMap<>();
        rows.stream().filter(b -> !b.datapathType().isEmpty()).forEach(b -> types.put(b.name(), b.datapathType()));
        return types;
    }

    /** By bridge name, each with its port names sorted. */
    List<OvsBridge> toOvsBridges() {
        return rows.stream().map(b -> new OvsBridge(b.name(), List.copyOf(b.ports().keySet()))).toList();
    }
}
