package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hwoffload.core.inventory.InterfaceNames;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.OvsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The OVSDB client against a real ovsdb-server and ovs-vswitchd (Debian's openvswitch-switch, in
 * an {@link OvsSandbox}); every change is checked with {@code ovs-vsctl}.
 */
@Timeout(30)
class OvsdbClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static HostFootprint before;
    private static OvsSandbox ovs;
    private static OvsdbClient client;

    @BeforeAll
    @Timeout(60)
    static void start() throws Exception {
        before = HostFootprint.take();
        ovs = OvsSandbox.start(0);
        client = OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()), TIMEOUT);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            if (ovs != null) {
                ovs.close();
            }
        }
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @Test
    void readsVersionOtherConfigExternalIdsAndBridges() throws Exception {
        // ovs-ctl records the version at start the same way; the sandbox starts the daemons itself.
        String version = ovs.run("ovs-vswitchd", "--version").stdout().lines().findFirst().orElseThrow()
                .replaceAll(".* ", "");
        ovs.vsctl("set", "Open_vSwitch", ".", "ovs_version=" + version, "other_config:hw-offload=true",
                "other_config:tc-policy=skip_sw", "external_ids:host-k8s-nodename=dpu-host");

        OvsConfig config = client.openVswitch();

        assertThat(config.ovsVersion()).isEqualTo(version).startsWith("3.");
        assertThat(config.otherConfig()).containsEntry("hw-offload", "true").containsEntry("tc-policy", "skip_sw");
        assertThat(config.externalIds()).containsEntry("host-k8s-nodename", "dpu-host");
        assertThat(config.hwOffload()).isTrue();
        assertThat(config.bridges()).contains(new OvsBridge(OvsSandbox.BRIDGE, List.of(OvsSandbox.BRIDGE)));
    }

    @Test
    void setsReplacesAndRemovesOtherConfigAndExternalIds() throws Exception {
        client.setOtherConfig("hwo-max-idle", "30000");
        client.setOtherConfig("hwo-max-idle", "15000");
        client.setExternalId("ovn-gw-interface", "p0");
        assertThat(get("other_config:hwo-max-idle")).isEqualTo("\"15000\"");
        assertThat(get("external_ids:ovn-gw-interface")).isEqualTo("p0");

        // Values go over the wire as JSON strings: no ovs-vsctl quoting rules to get wrong.
        String awkward = "a b=c,{d}:\"e\" \\ é";
        client.setExternalId("hwo-awkward", awkward);
        assertThat(client.openVswitch().externalIds()).containsEntry("hwo-awkward", awkward);

        client.setOtherConfig("hwo-max-idle", null);
        client.setExternalId("ovn-gw-interface", null);
        client.setExternalId("hwo-awkward", null);
        client.setExternalId("hwo-never-set", null);
        assertThat(get("other_config:hwo-max-idle")).isEmpty();
        assertThat(get("external_ids:ovn-gw-interface")).isEmpty();
        assertThat(ovs.vsctl("get", "Open_vSwitch", ".", "external_ids").stdout()).doesNotContain("hwo-awkward");
    }

    @Test
    void rejectsBadKeysAndValuesBeforeSendingAnything() throws Exception {
        String before = ovs.vsctl("get", "Open_vSwitch", ".", "other_config").stdout();

        assertThatThrownBy(() -> client.setOtherConfig("bad key", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other_config key 'bad key'");
        assertThatThrownBy(() -> client.setOtherConfig("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setOtherConfig(null, "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setExternalId("k".repeat(65), "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setOtherConfig("hw-offload", "true\nother_config:x=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other_config:hw-offload")
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> client.setExternalId("long", "v".repeat(1025)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("external_ids:long");
        client.setExternalId("k".repeat(64), "v".repeat(1024));
        client.setExternalId("k".repeat(64), null);

        assertThat(ovs.vsctl("get", "Open_vSwitch", ".", "other_config").stdout()).isEqualTo(before);
    }

    @Test
    void addsAndDeletesBridgesAndPortsIdempotently() throws Exception {
        client.addBridge("hwo-brp0");
        String bridgeUuid = ovs.vsctl("get", "Bridge", "hwo-brp0", "_uuid").stdout();
        client.addBridge("hwo-brp0");
        assertThat(lines(ovs.vsctl("list-br"))).contains("hwo-brp0");
        assertThat(ovs.vsctl("get", "Bridge", "hwo-brp0", "_uuid").stdout()).as("the same row").isEqualTo(bridgeUuid);
        assertThat(ovs.vsctl("get", "Interface", "hwo-brp0", "type").stdout().strip()).isEqualTo("internal");

        client.addPort("hwo-brp0", "hwo-p1");
        client.addPort("hwo-brp0", "hwo-p2");
        String portUuid = ovs.vsctl("get", "Port", "hwo-p1", "_uuid").stdout();
        client.addPort("hwo-brp0", "hwo-p1");
        assertThat(lines(ovs.vsctl("list-ports", "hwo-brp0"))).containsExactly("hwo-p1", "hwo-p2");
        assertThat(ovs.vsctl("get", "Port", "hwo-p1", "_uuid").stdout()).as("the same row").isEqualTo(portUuid);
        assertThat(client.openVswitch().bridge("hwo-brp0")).contains(
                new OvsBridge("hwo-brp0", List.of("hwo-brp0", "hwo-p1", "hwo-p2")));

        client.deletePort("hwo-brp0", "hwo-p1");
        client.deletePort("hwo-brp0", "hwo-p1");
        assertThat(lines(ovs.vsctl("list-ports", "hwo-brp0"))).containsExactly("hwo-p2");
        assertThat(find("Interface", "hwo-p1")).as("interface garbage-collected").isEmpty();

        client.deleteBridge("hwo-brp0");
        client.deleteBridge("hwo-brp0");
        assertThat(lines(ovs.vsctl("list-br"))).doesNotContain("hwo-brp0").contains(OvsSandbox.BRIDGE);
        assertThat(find("Port", "hwo-p2")).as("port garbage-collected").isEmpty();
        assertThat(find("Interface", "hwo-brp0")).as("internal interface garbage-collected").isEmpty();
    }

    @Test
    void plugsAPortTheWayACniDoesAndSetsTheDatapathType() throws Exception {
        client.addBridge("hwo-brint");
        try {
            client.setDatapathType("hwo-brint", "netdev");
            PortAttachment pod = new PortAttachment("hwo-rep1", Map.of("pod-name", "web-1"),
                    Map.of("transient", "true"), Map.of("iface-id", "web-1.default", "ip", "10.16.0.2"));
            client.addPort("hwo-brint", pod);
            client.addPort("hwo-brint", pod);

            assertThat(ovs.vsctl("get", "Bridge", "hwo-brint", "datapath_type").stdout().strip()).isEqualTo("netdev");
            assertThat(client.openVswitch().datapathTypes()).containsEntry("hwo-brint", "netdev");
            assertThat(client.openVswitch().userspaceBridges()).contains("hwo-brint");
            assertThat(lines(ovs.vsctl("list-ports", "hwo-brint"))).containsExactly("hwo-rep1");
            assertThat(ovs.vsctl("get", "Port", "hwo-rep1", "external_ids:pod-name").stdout().strip()).isEqualTo("web-1");
            assertThat(ovs.vsctl("get", "Port", "hwo-rep1", "other_config:transient").stdout().strip()).isEqualTo("\"true\"");
            assertThat(ovs.vsctl("get", "Interface", "hwo-rep1", "external_ids").stdout().strip())
                    .isEqualTo("{iface-id=web-1.default, ip=\"10.16.0.2\"}");
            assertThatThrownBy(() -> client.setDatapathType("hwo-brnone", "netdev"))
                    .isInstanceOf(JsonRpcException.class).hasMessage("no bridge hwo-brnone: add it first");
            assertThatThrownBy(() -> client.addPort("hwo-brint", new PortAttachment("hwo-rep2", Map.of("bad key", "v"),
                    Map.of(), Map.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bad key'");
            assertThat(find("Port", "hwo-rep2")).as("nothing sent").isEmpty();
        } finally {
            client.deleteBridge("hwo-brint");
        }
    }

    @Test
    void portOnAMissingOrAnotherBridgeIsAClearError() throws Exception {
        assertThatThrownBy(() -> client.addPort("hwo-brp9", "hwo-p9"))
                .isInstanceOf(JsonRpcException.class).hasMessage("no bridge hwo-brp9: add it first");

        client.addBridge("hwo-bra");
        client.addBridge("hwo-brb");
        try {
            client.addPort("hwo-bra", "hwo-pa");
            assertThatThrownBy(() -> client.addPort("hwo-brb", "hwo-pa"))
                    .isInstanceOf(JsonRpcException.class).hasMessage("port hwo-pa is already on bridge hwo-bra, not hwo-brb");
            assertThatThrownBy(() -> client.deletePort("hwo-brb", "hwo-pa"))
                    .isInstanceOf(JsonRpcException.class).hasMessage("port hwo-pa is on bridge hwo-bra, not hwo-brb");
            assertThatThrownBy(() -> client.deletePort("hwo-bra", "hwo-bra"))
                    .isInstanceOf(JsonRpcException.class).hasMessageContaining("own internal port");
            assertThat(lines(ovs.vsctl("list-ports", "hwo-bra"))).containsExactly("hwo-pa");
            assertThat(lines(ovs.vsctl("list-ports", "hwo-brb"))).isEmpty();
        } finally {
            client.deleteBridge("hwo-bra");
            client.deleteBridge("hwo-brb");
        }
    }

    @Test
    void badNamesAreRejectedBeforeSendingAnything() throws Exception {
        String bridges = ovs.vsctl("list-br").stdout();
        for (String bad : Arrays.asList("", "-x", ".x", "a/b", "a b", "a-name-too-long-", null)) {
            assertThatThrownBy(() -> client.addBridge(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bridge name").hasMessageContaining(InterfaceNames.RULE);
            assertThatThrownBy(() -> client.deleteBridge(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.addPort(OvsSandbox.BRIDGE, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("port name").hasMessageContaining(InterfaceNames.RULE);
            assertThatThrownBy(() -> client.deletePort(bad, "p1")).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ovs.vsctl("list-br").stdout()).isEqualTo(bridges);
    }

    @Test
    void aRejectedTransactionNamesTheFailingOperation() {
        Map<String, Object> select = Map.of("op", "select", "table", "Open_vSwitch", "where", List.of(), "columns", List.of("_uuid"));
        Map<String, Object> badMutate = Map.of("op", "mutate", "table", "Bridge", "where", List.of(),
                "mutations", List.of(List.of("no_such_column", "insert", List.of("set", List.of()))));

        assertThatThrownBy(() -> client.transact(List.of(select, badMutate)))
                .isInstanceOf(OvsdbTransactionException.class)
                .hasMessageContaining("operation 2 of 2 (mutate Bridge)")
                .hasMessageContaining("unknown column")
                .hasMessageContaining("no_such_column");
    }

    @Test
    void aRejectedCommitNamesTheOperationsOfTheTransaction() {
        // A second Interface named br0 breaks the Interface table's name index only at commit.
        Map<String, Object> iface = Map.of("op", "insert", "table", "Interface", "row", Map.of("name", OvsSandbox.BRIDGE), "uuid-name", "i");
        Map<String, Object> port = Map.of("op", "insert", "table", "Port",
                "row", Map.of("name", "hwo-dup", "interfaces", List.of("named-uuid", "i")), "uuid-name", "p");
        Map<String, Object> attach = Map.of("op", "mutate", "table", "Bridge", "where", List.of(List.of("name", "==", OvsSandbox.BRIDGE)),
                "mutations", List.of(List.of("ports", "insert", List.of("set", List.of(List.of("named-uuid", "p"))))));

        assertThatThrownBy(() -> client.transact(List.of(iface, port, attach)))
                .isInstanceOf(OvsdbTransactionException.class)
                .hasMessageContaining("commit of (insert Interface, insert Port, mutate Bridge)")
                .hasMessageContaining("constraint violation");
    }

    @Test
    void monitorDeliversTheInitialStateThenEachChangeUntilCancelled() throws Exception {
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-monitor=before");
        BlockingQueue<JsonNode> updates = new LinkedBlockingQueue<>();

        OvsdbMonitor monitor = client.monitor("Open_vSwitch", List.of("external_ids"), updates::add);
        JsonNode initial = updates.poll(5, TimeUnit.SECONDS);
        assertThat(row(initial).path("old").isMissingNode()).as("initial state has no old row").isTrue();
        assertThat(externalIds(row(initial).path("new"))).containsEntry("hwo-monitor", "before");

        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-monitor=after");
        JsonNode change = updates.poll(5, TimeUnit.SECONDS);
        assertThat(externalIds(row(change).path("new"))).containsEntry("hwo-monitor", "after");
        assertThat(externalIds(row(change).path("old"))).containsEntry("hwo-monitor", "before");

        monitor.close();
        ovs.vsctl("set", "Open_vSwitch", ".", "external_ids:hwo-monitor=cancelled");
        client.echo(); // the server has handled the change once it answers this
        assertThat(updates.poll(300, TimeUnit.MILLISECONDS)).as("no update after monitor_cancel").isNull();
        ovs.vsctl("remove", "Open_vSwitch", ".", "external_ids", "hwo-monitor");
    }

    @Test
    void monitorOfAnUnknownTableFails() {
        assertThatThrownBy(() -> client.monitor("No_Such_Table", List.of(), update -> { }))
                .isInstanceOf(JsonRpcException.class).hasMessageContaining("'monitor'").hasMessageContaining("No_Such_Table");
    }

    @Test
    void echoRoundTrips() throws Exception {
        client.echo();
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void callsFromManyThreadsShareOneConnection() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                boolean read = i % 2 == 0;
                calls.add(CompletableFuture.runAsync(() -> {
                    try {
                        if (read) {
                            assertThat(client.openVswitch().bridge(OvsSandbox.BRIDGE)).isPresent();
                        } else {
                            client.echo();
                        }
                    } catch (JsonRpcException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    private static String get(String key) throws Exception {
        return ovs.vsctl("--if-exists", "get", "Open_vSwitch", ".", key).stdout().strip();
    }

    private static List<String> find(String table, String name) throws Exception {
        return lines(ovs.vsctl("--bare", "--columns=name", "find", table, "name=" + name));
    }

    private static List<String> lines(OvsSandbox.Result result) {
        return result.stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    /** The one row of a table-updates object for the Open_vSwitch table. */
    static JsonNode row(JsonNode tableUpdates) {
        assertThat(tableUpdates).as("an update").isNotNull();
        JsonNode rows = tableUpdates.path("Open_vSwitch");
        assertThat(rows.size()).as("rows in %s", tableUpdates).isEqualTo(1);
        return rows.elements().next();
    }

    static Map<String, String> externalIds(JsonNode row) {
        return OvsdbDatum.stringMap(row.path("external_ids"));
    }
}
