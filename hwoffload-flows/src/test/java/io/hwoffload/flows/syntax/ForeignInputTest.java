package io.hwoffload.flows.syntax;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ForeignInputTest {

    @ParameterizedTest
    @ValueSource(strings = {
            " cookie=0x0, duration=3.2s, table=0, n_packets=4, n_bytes=336, priority=0 actions=NORMAL",
            "NXST_FLOW reply (xid=0x4):",
            "OFPST_FLOW reply (OF1.3) (xid=0x2):",
            "duration=1.5s, n_packets=0, n_bytes=0, priority=180001,arp,arp_op=2 actions=NORMAL",
            " table=0, priority=100,in_port=1 actions=output:2"})
    void openFlowIsRecognised(String line) {
        assertThat(ForeignInput.recognize(line)).hasValueSatisfying(d -> assertThat(d).startsWith("OpenFlow flows"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:980, used:0.5s, actions:3",
            "ufid:67c2e10f-92d4-4574-be70-d072815ff166, skb_priority(0/0),in_port(eth0), packets:1, bytes:1, used:never, actions:drop",
            "flow-dump from the main thread:",
            "# hwoffload"})
    void datapathFlowsAndPlainTextAreNot(String line) {
        assertThat(ForeignInput.recognize(line)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ovs-appctl: cannot connect to \"/var/run/openvswitch/ovs-vswitchd.ctl\" (No such file or directory)"})
    void ovsAppctlErrorsAreRecognised(String line) {
        assertThat(ForeignInput.recognize(line)).hasValueSatisfying(d -> assertThat(d).contains("error from ovs-appctl"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-12-07T10:00:00Z|00001|unixctl|WARN|failed to connect to /var/run/openvswitch/x.ctl",
            "2026-12-07T10:00:00.123Z|00042|dpif_netlink|ERR|Generic Netlink family 'ovs_datapath' does not exist"})
    void ovsLogLinesAreRecognised(String line) {
        assertThat(ForeignInput.recognize(line)).hasValueSatisfying(d -> assertThat(d).startsWith("log messages"));
    }
}
