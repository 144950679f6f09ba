package io.hwoffload.host.ovs;

import static io.hwoffload.host.ovs.OvsdbDatum.elements;
import static io.hwoffload.host.ovs.OvsdbDatum.stringMap;
import static io.hwoffload.host.ovs.OvsdbDatum.uuidOf;
import static io.hwoffload.host.ovs.OvsdbOperations.all;
import static io.hwoffload.host.ovs.OvsdbOperations.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.cni.OvsPortRow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Interface rows with their Port's external_ids, joined by the Port's {@code interfaces}: from one read of both
 * tables over OVSDB, or from what {@code ovs-vsctl --format=json list Interface} and {@code list Port} printed.
 */
public final class PortRows {
    private PortRows() {
    }

    /** The two selects to send, in this order, in one transaction. */
    static List<ObjectNode> selects() {
        return List.of(select("Interface", all(), "_uuid", "name", "type", "external_ids"),
                select("Port", all(), "interfaces", "external_ids"));
    }

    /** From the results of {@link #selects()}. */
    static List<OvsPortRow> of(JsonNode interfaceSelect, JsonNode portSelect) {
        List<Map<String, JsonNode>> interfaces = new ArrayList<>();
        interfaceSelect.path("rows").forEach(row -> interfaces.add(fields(row)));
        List<Map<String, JsonNode>> ports = new ArrayList<>();
        portSelect.path("rows").forEach(row -> ports.add(fields(row)));
        return join(interfaces, ports);
    }

    /**
     * From {@code ovs-vsctl --format=json list Interface} (and optionally {@code list Port}) output, each a
     * {@code {"headings": [...], "data": [[...], ...]}} document whose cells are OVSDB datums; told apart by their
     * columns (a Port has {@code interfaces}).
     *
     * @throws IllegalArgumentException naming what a document lacks
     */
    public static List<OvsPortRow> fromVsctlJson(List<JsonNode> documents) {
        List<Map<String, JsonNode>> interfaces = new ArrayList<>();
        List<Map<String, JsonNode>> ports = new ArrayList<>();
        for (JsonNode document : documents) {
            JsonNode headings = document.path("headings");
            JsonNode data = document.path("data");
            if (!headings.isArray() || !data.isArray()) {
                throw new IllegalArgumentException("not the output of 'ovs-vsctl --format=json list Interface' (or Port):"
                        + " it has no \"headings\" and \"data\"");
            }
            List<String> columns = new ArrayList<>();
            headings.forEach(h -> columns.add(h.asText()));
            if (!columns.contains("name") || !columns.contains("external_ids") || !columns.contains("_uuid")) {
                throw new IllegalArgumentException("an 'ovs-vsctl --format=json list' table without _uuid, name and"
                        + " external_ids columns: list the whole table (no --columns)");
            }
            boolean isPort = columns.contains("interfaces");
            for (JsonNode row : data) {
                Map<String, JsonNode> fields = new HashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    fields.put(columns.get(i), row.path(i));
                }
                (isPort ? ports : interfaces).add(fields);
            }
        }
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no Interface rows: save 'ovs-vsctl --format=json list Interface'");
        }
        return join(interfaces, ports);
    }

    private static Map<String, JsonNode> fields(JsonNode row) {
        Map<String, JsonNode> fields = new HashMap<>();
        row.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }

    private static List<OvsPortRow> join(List<Map<String, JsonNode>> interfaces, List<Map<String, JsonNode>> ports) {
        Map<String, Map<String, String>> portIdsByInterface = new HashMap<>();
        for (Map<String, JsonNode> port : ports) {
            Map<String, String> ids = stringMap(cell(port, "external_ids"));
            for (JsonNode ref : elements(cell(port, "interfaces"))) {
                portIdsByInterface.put(uuidOf(ref), ids);
            }
        }
        List<OvsPortRow> rows = new ArrayList<>();
        for (Map<String, JsonNode> row : interfaces) {
            String uuid = uuidOf(cell(row, "_uuid"));
            rows.add(new OvsPortRow(row.get("name").asText(), cell(row, "type").asText(""),
                    stringMap(cell(row, "external_ids")), portIdsByInterface.getOrDefault(uuid, Map.of())));
        }
        return rows;
    }

    /** A row's column; a missing node when the row has no such column (a listing with fewer columns). */
    private static JsonNode cell(Map<String, JsonNode> row, String column) {
        return row.getOrDefault(column, MissingNode.getInstance());
    }
}
