package io.hwoffload.host.ovs;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwoffload.core.inventory.OvsConfig;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OVSDB (RFC 7047) client over {@link JsonRpcConnection}, speaking to {@code ovsdb-server} directly,
 * so that no {@code ovs-vsctl} binary is needed.
 */
public final class OvsdbClient implements AutoCloseable {
    private static final String DATABASE = "Open_vSwitch";

    private final JsonRpcConnection connection;

    private OvsdbClient(JsonRpcConnection connection) {
        this.connection = connection;
    }

    /** {@code unix:/var/run/openvswitch/db.sock}, a socket path, or {@code tcp:HOST:PORT}. */
    public static OvsdbClient connect(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        return new OvsdbClient(JsonRpcConnection.open(target, timeout));
    }

    /** The Open_vSwitch table's one row: version, other_config and external_ids. */
    public OvsConfig openVswitch() throws JsonRpcException {
        Map<String, Object> select = Map.of("op", "select", "table", "Open_vSwitch", "where", List.of(),
                "columns", List.of("ovs_version", "other_config", "external_ids"));
        JsonNode result = connection.call("transact", List.of(DATABASE, select));
        JsonNode rows = result.path(0).path("rows");
        if (!rows.isArray() || rows.isEmpty()) {
            throw new JsonRpcException("OVSDB has no Open_vSwitch row: is this ovsdb-server's Open_vSwitch database"
                    + " initialized (ovs-vsctl --no-wait init)?");
        }
        JsonNode row = rows.get(0);
        return new OvsConfig(optionalString(row.path("ovs_version")), map(row.path("other_config")),
                map(row.path("external_ids")));
    }

    /** An optional string column: the atom itself, or {@code ["set", []]} when empty. */
    private static String optionalString(JsonNode datum) {
        return datum.isTextual() ? datum.asText() : null;
    }

    /** A map column: {@code ["map", [[key, value], ...]]}. */
    private static Map<String, String> map(JsonNode datum) {
        Map<String, String> map = new LinkedHashMap<>();
        if (datum.isArray() && "map".equals(datum.path(0).asText())) {
            for (JsonNode pair : datum.path(1)) {
                map.put(pair.path(0).asText(), pair.path(1).asText());
            }
        }
        return map;
    }

    @Override
    public void close() {
        connection.close();
    }
}
