package io.hwoffload.host.ovs;

import static io.hwoffload.host.ovs.OvsdbDatum.map;
import static io.hwoffload.host.ovs.OvsdbDatum.namedUuid;
import static io.hwoffload.host.ovs.OvsdbDatum.optionalString;
import static io.hwoffload.host.ovs.OvsdbDatum.set;
import static io.hwoffload.host.ovs.OvsdbDatum.stringMap;
import static io.hwoffload.host.ovs.OvsdbDatum.uuid;
import static io.hwoffload.host.ovs.OvsdbOperations.all;
import static io.hwoffload.host.ovs.OvsdbOperations.insert;
import static io.hwoffload.host.ovs.OvsdbOperations.mutate;
import static io.hwoffload.host.ovs.OvsdbOperations.mutation;
import static io.hwoffload.host.ovs.OvsdbOperations.row;
import static io.hwoffload.host.ovs.OvsdbOperations.select;
import static io.hwoffload.host.ovs.OvsdbOperations.where;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hwoffload.core.inventory.InterfaceNames;
import io.hwoffload.core.cni.OvsPortRow;
import io.hwoffload.core.inventory.OvsConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * An OVSDB (RFC 7047) client for the {@code Open_vSwitch} database over {@link JsonRpcConnection},
 * speaking to {@code ovsdb-server} directly, so that no {@code ovs-vsctl} binary is needed.
 *
 * <p>Each change is one transaction, and repeating it changes nothing more (the behaviour of
 * {@code ovs-vsctl --may-exist} and {@code --if-exists}): the bridge and port methods read first and
 * send nothing when there is nothing to do. That is what lets {@link ReconnectingOvsdbClient} retry
 * one whose reply was lost with the connection.
 */
public final class OvsdbClient implements OvsConfigStore, AutoCloseable {
    /** ovsdb-server's own default inactivity probe. */
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(5);
    private static final String DATABASE = "Open_vSwitch";
    private static final String OPEN_VSWITCH = "Open_vSwitch";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final int MAX_VALUE_LENGTH = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final JsonRpcConnection connection;
    private final Map<String, MonitorSubscription> monitors;
    private final Executor callbacks;
    private final Runnable releaseCallbacks;
    private final Keepalive keepalive;
    private final AtomicLong nextMonitorId = new AtomicLong(1);

    private OvsdbClient(JsonRpcConnection connection, Map<String, MonitorSubscription> monitors, Executor callbacks,
                        Runnable releaseCallbacks, Duration keepalive) {
        this.connection = connection;
        this.monitors = monitors;
        this.callbacks = callbacks;
        this.releaseCallbacks = releaseCallbacks;
        this.keepalive = Keepalive.start(connection, keepalive);
    }

    /** {@code unix:/var/run/openvswitch/db.sock}, a socket path, or {@code tcp:HOST:PORT}; keepalive {@link #DEFAULT_KEEPALIVE}. */
    public static OvsdbClient connect(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        return connect(target, timeout, DEFAULT_KEEPALIVE);
    }

    /**
     * As {@link #connect(SocketAddressSpec, Duration)}, sending {@code echo} after {@code keepalive}
     * without a message from the server ({@link Duration#ZERO}: never); no reply within
     * {@code timeout} ends the connection as dead.
     */
    public static OvsdbClient connect(SocketAddressSpec target, Duration timeout, Duration keepalive)
            throws JsonRpcException {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(DaemonThreads.named("ovsdb-monitor-" + target.text()));
        try {
            return open(target, timeout, keepalive, callbacks, callbacks::shutdown, () -> { });
        } catch (JsonRpcException | RuntimeException e) {
            callbacks.shutdown();
            throw e;
        }
    }

    /**
     * For {@link ReconnectingOvsdbClient}: monitor callbacks run on {@code callbacks}, which outlives
     * this connection so that they stay in order across a reconnect; {@code onDisconnect} runs on the
     * reader thread once the connection is gone.
     */
    static OvsdbClient connect(SocketAddressSpec target, Duration timeout, Duration keepalive, Executor callbacks,
                               Runnable onDisconnect) throws JsonRpcException {
        return open(target, timeout, keepalive, callbacks, () -> { }, onDisconnect);
    }

    private static OvsdbClient open(SocketAddressSpec target, Duration timeout, Duration keepalive, Executor callbacks,
                                    Runnable releaseCallbacks, Runnable onDisconnect) throws JsonRpcException {
        Map<String, MonitorSubscription> monitors = new ConcurrentHashMap<>();
        JsonRpcConnection connection = JsonRpcConnection.open(target, timeout, new JsonRpcConnection.Listener() {
            @Override
            public void notification(String method, JsonNode params) {
                // RFC 7047 4.1.6: ["update", [monitor-id, table-updates]]
                if (method.equals("update")) {
                    MonitorSubscription subscription = monitors.get(params.path(0).asText());
                    if (subscription != null) {
                        subscription.update(params.path(1));
                    }
                }
            }

            @Override
            public void disconnected(JsonRpcException cause) {
                onDisconnect.run();
            }
        });
        try {
            return new OvsdbClient(connection, monitors, callbacks, releaseCallbacks, keepalive);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public boolean isOpen() {
        return connection.isOpen();
    }

    /** A round trip to the server; fails unless it answers {@code echo} with what was sent. */
    public void echo() throws JsonRpcException {
        JsonNode reply = connection.call("echo", List.of("hwoffload"));
        if (!reply.path(0).asText().equals("hwoffload")) {
            throw new JsonRpcException(connection.target().text() + " answered echo with " + reply);
        }
    }

    /** The Open_vSwitch table's one row (version, other_config, external_ids) and the bridges with their ports. */
    @Override
    public OvsConfig openVswitch() throws JsonRpcException {
        List<ObjectNode> selects = new ArrayList<>(BridgeRows.selects());
        selects.add(0, select(OPEN_VSWITCH, all(), "ovs_version", "other_config", "external_ids"));
        JsonNode results = transact(selects);
        JsonNode rows = results.path(0).path("rows");
        if (rows.isEmpty()) {
            throw noOpenVswitchRow();
        }
        JsonNode row = rows.get(0);
        BridgeRows bridges = BridgeRows.of(results.path(1), results.path(2));
        return new OvsConfig(optionalString(row.path("ovs_version")), stringMap(row.path("other_config")),
                stringMap(row.path("external_ids")), bridges.toOvsBridges(), bridges.datapathTypes());
    }

    /** Every Interface with its type, external_ids and its Port's external_ids: whose port each is. */
    public List<OvsPortRow> portRows() throws JsonRpcException {
        JsonNode results = transact(PortRows.selects());
        return PortRows.of(results.path(0), results.path(1));
    }

    /**
     * RFC 7047 4.1.3 {@code transact} on the Open_vSwitch database; returns the results, one per
     * operation. Throws {@link OvsdbTransactionException} naming the operation (or the commit) that failed.
     */
    public JsonNode transact(List<?> operations) throws JsonRpcException {
        List<JsonNode> ops = new ArrayList<>(operations.size());
        operations.forEach(op -> ops.add(MAPPER.valueToTree(op)));
        List<Object> params = new ArrayList<>(ops.size() + 1);
        params.add(DATABASE);
        params.addAll(ops);
        JsonNode results = connection.call("transact", params);
        for (int i = 0; i < results.size(); i++) {
            JsonNode error = results.get(i).path("error");
            if (!error.isMissingNode() && !error.isNull()) {
                throw OvsdbTransactionException.rejected(DATABASE, ops, i, results.get(i));
            }
        }
        return results;
    }

    /** Sets {@code Open_vSwitch other_config:KEY}; a null value removes the key. */
    @Override
    public void setOtherConfig(String key, String value) throws JsonRpcException {
        setMapEntry("other_config", key, value);
    }

    /** Sets {@code Open_vSwitch external_ids:KEY}; a null value removes the key. */
    @Override
    public void setExternalId(String key, String value) throws JsonRpcException {
        setMapEntry("external_ids", key, value);
    }

    /** {@code ovs-vsctl --may-exist add-br NAME}: the bridge with its internal port and interface. */
    @Override
    public void addBridge(String name) throws JsonRpcException {
        requireName("bridge", name);
        if (readBridges().bridge(name) != null) {
            return;
        }
        JsonNode results = transact(List.of(
                insert("Interface", row().put("name", name).put("type", "internal"), "iface"),
                insert("Port", portRow(name), "port"),
                insert("Bridge", row().put("name", name).set("ports", set(namedUuid("port"))), "bridge"),
                mutate(OPEN_VSWITCH, all(), mutation("bridges", "insert", set(namedUuid("bridge"))))));
        requireOpenVswitchRow(results.path(3));
    }

    /** {@code ovs-vsctl --if-exists del-br NAME}; OVSDB then drops the bridge's ports and interfaces, which nothing else holds. */
    @Override
    public void deleteBridge(String name) throws JsonRpcException {
        requireName("bridge", name);
        BridgeRows.Row bridge = readBridges().bridge(name);
        if (bridge != null) {
            transact(List.of(mutate(OPEN_VSWITCH, all(), mutation("bridges", "delete", set(uuid(bridge.uuid()))))));
        }
    }

    /** {@code ovs-vsctl --may-exist add-port BRIDGE PORT}; fails if the bridge is missing or the port is on another bridge. */
    @Override
    public void addPort(String bridge, String port) throws JsonRpcException {
        addPort(bridge, PortAttachment.plain(port));
    }

    /**
     * {@code ovs-vsctl --may-exist add-port BRIDGE NAME -- set port NAME external_ids:K=V other_config:K=V -- set
     * interface NAME external_ids:K=V}, the way a CNI plugs a pod's port; fails if the bridge is missing or the port
     * is on another bridge. A port already on the bridge is left as it is.
     */
    public void addPort(String bridge, PortAttachment attachment) throws JsonRpcException {
        String port = attachment.name();
        requireName("bridge", bridge);
        requireName("port", port);
        ObjectNode portRow = portRow(port);
        ObjectNode interfaceRow = row().put("name", port);
        putMap(portRow, "external_ids", attachment.portExternalIds());
        putMap(portRow, "other_config", attachment.portOtherConfig());
        putMap(interfaceRow, "external_ids", attachment.interfaceExternalIds());
        BridgeRows bridges = readBridges();
        BridgeRows.Row target = bridges.bridge(bridge);
        if (target == null) {
            throw new JsonRpcException("no bridge " + bridge + ": add it first");
        }
        BridgeRows.Row owner = bridges.owner(port);
        if (target.equals(owner)) {
            return;
        }
        if (owner != null) {
            throw new JsonRpcException("port " + port + " is already on bridge " + owner.name() + ", not " + bridge);
        }
        JsonNode results = transact(List.of(
                insert("Interface", interfaceRow, "iface"),
                insert("Port", portRow, "port"),
                mutate("Bridge", where("_uuid", "==", uuid(target.uuid())),
                        mutation("ports", "insert", set(namedUuid("port"))))));
        if (results.path(2).path("count").asInt() != 1) {
            throw new JsonRpcException("bridge " + bridge + " was deleted while port " + port + " was being added");
        }
    }

    /**
     * {@code ovs-vsctl set bridge NAME datapath_type=TYPE}: {@code netdev} for the userspace datapath,
     * {@code system} (or empty) for the kernel's.
     */
    public void setDatapathType(String bridge, String type) throws JsonRpcException {
        requireName("bridge", bridge);
        if (!type.matches("[a-z]{0,16}")) {
            throw new IllegalArgumentException("datapath type '" + type + "' is invalid: netdev, system or empty");
        }
        JsonNode results = transact(List.of(OvsdbOperations.update("Bridge", where("name", "==", TextNode.valueOf(bridge)),
                row().put("datapath_type", type))));
        if (results.path(0).path("count").asInt() != 1) {
            throw new JsonRpcException("no bridge " + bridge + ": add it first");
        }
    }

    /** {@code ovs-vsctl --if-exists del-port BRIDGE PORT}; fails if the port is on another bridge. */
    @Override
    public void deletePort(String bridge, String port) throws JsonRpcException {
        requireName("bridge", bridge);
        requireName("port", port);
        BridgeRows bridges = readBridges();
        if (bridges.bridge(port) != null) {
            throw new JsonRpcException("port " + port + " is the bridge's own internal port: delete bridge " + port + " instead");
        }
        BridgeRows.Row owner = bridges.owner(port);
        if (owner == null) {
            return;
        }
        if (!owner.name().equals(bridge)) {
            throw new JsonRpcException("port " + port + " is on bridge " + owner.name() + ", not " + bridge);
        }
        transact(List.of(mutate("Bridge", where("_uuid", "==", uuid(owner.uuid())),
                mutation("ports", "delete", set(uuid(owner.ports().get(port)))))));
    }

    /**
     * RFC 7047 4.1.5 {@code monitor} of {@code columns} (empty: all) of {@code table}: {@code onUpdate}
     * gets the table's current rows first, then the table-updates of each change, one call at a
     * time on this client's callback thread (so it may call this client).
     */
    public OvsdbMonitor monitor(String table, List<String> columns, Consumer<JsonNode> onUpdate) throws JsonRpcException {
        String id = "hwoffload-" + nextMonitorId.getAndIncrement();
        ObjectNode requests = MAPPER.createObjectNode();
        ObjectNode request = requests.putObject(table);
        if (!columns.isEmpty()) {
            ArrayNode list = request.putArray("columns");
            columns.forEach(list::add);
        }
        MonitorSubscription subscription = new MonitorSubscription(onUpdate, callbacks);
        monitors.put(id, subscription);
        JsonNode initial;
        try {
            initial = connection.call("monitor", List.of(DATABASE, id, requests));
        } catch (JsonRpcException e) {
            monitors.remove(id);
            throw e;
        }
        subscription.start(initial);
        return () -> {
            if (monitors.remove(id) != null && connection.isOpen()) {
                connection.call("monitor_cancel", List.of(id));
            }
        };
    }

    @Override
    public void close() {
        // The connection first: an echo the keepalive has in flight then fails as "closed", not as a dead peer.
        connection.close();
        keepalive.close();
        releaseCallbacks.run();
    }

    private void setMapEntry(String column, String key, String value) throws JsonRpcException {
        requireEntry(column, key, value);
        // Map "insert" skips keys already present, so the old entry goes first; both in one operation.
        ArrayNode delete = mutation(column, "delete", set(TextNode.valueOf(key)));
        ObjectNode op = value == null
                ? mutate(OPEN_VSWITCH, all(), delete)
                : mutate(OPEN_VSWITCH, all(), delete, mutation(column, "insert", map(key, value)));
        requireOpenVswitchRow(transact(List.of(op)).path(0));
    }

    private static void putMap(ObjectNode row, String column, Map<String, String> entries) {
        ArrayNode pairs = row.putArray(column).add("map").addArray();
        entries.forEach((key, value) -> {
            requireEntry(column, key, value);
            pairs.addArray().add(key).add(value);
        });
    }

    private BridgeRows readBridges() throws JsonRpcException {
        JsonNode results = transact(BridgeRows.selects());
        return BridgeRows.of(results.path(0), results.path(1));
    }

    /** A Port row whose one interface is inserted in the same transaction as {@code iface}. */
    private static ObjectNode portRow(String name) {
        return row().put("name", name).set("interfaces", set(namedUuid("iface")));
    }

    private static void requireOpenVswitchRow(JsonNode mutateResult) throws JsonRpcException {
        if (mutateResult.path("count").asInt() == 0) {
            throw noOpenVswitchRow();
        }
    }

    private static JsonRpcException noOpenVswitchRow() {
        return new JsonRpcException("OVSDB has no Open_vSwitch row: is this ovsdb-server's Open_vSwitch database"
                + " initialized (ovs-vsctl --no-wait init)?");
    }

    private static void requireName(String what, String name) {
        if (!InterfaceNames.isValid(name)) {
            throw new IllegalArgumentException(what + " name '" + name + "' is invalid: " + InterfaceNames.RULE);
        }
    }

    private static void requireEntry(String column, String key, String value) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(column + " key '" + key + "' is invalid: 1-64 letters, digits and _ . : -");
        }
        if (value != null && value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(column + ":" + key + ": the value is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(column + ":" + key + ": the value contains a control character");
        }
    }
}
