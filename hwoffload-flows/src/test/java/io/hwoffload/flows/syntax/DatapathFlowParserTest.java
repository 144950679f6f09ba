package io.hwoffload.flows.syntax;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class DatapathFlowParserTest {
    static final List<String> SEED_DUMPS = List.of(
            "000-yusur-kube-ovn.txt",
            "001-corigine-kube-ovn.txt",
            "002-yunsilicon-kube-ovn.txt",
            "003-mellanox-antrea.txt");

    /** Lines of real dumps seen in the field or printed by OVS, used here and by the fuzzers. */
    static final List<String> EXAMPLE_LINES = List.of(
            "recirc_id(0),in_port(2),eth(src=00:00:00:00:00:01,dst=00:00:00:00:00:02),eth_type(0x0800),"
                    + "ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,frag=no),tcp(dst=80), packets:3, bytes:180, "
                    + "used:0.004s, flags:SFP., actions:ct(commit,zone=4,mark=0x1/0x1,"
                    + "nat(src=10.0.0.1-10.0.0.2:1000-2000)),2",
            "recirc_id(0),in_port(1),eth_type(0x0800),ipv4(frag=no), packets:0, bytes:0, used:never, "
                    + "actions:check_pkt_len(size=200,gt(4),le(5))",
            "recirc_id(0),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no), packets:0, bytes:0, used:never, "
                    + "actions:sample(sample=50.0%,actions(userspace(pid=3,sFlow(vid=0,pcp=0,output=2))))",
            "recirc_id(0),in_port(1),eth_type(0x86dd),ipv6(src=fe80::1/ffff:ffff::,dst=::,label=0/0xfffff,"
                    + "proto=58,tclass=0/0x3,hlimit=255,frag=no), packets:1, bytes:70, used:1.100s, "
                    + "actions:clone(set(eth(src=00:00:00:00:00:01)),2)",
            "recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:1000, used:0.100s, "
                    + "actions:tnl_push(tnl_port(4),header(size=50,type=5,eth(dst=aa:bb:cc:dd:ee:ff,"
                    + "src=aa:bb:cc:dd:ee:00,dl_type=0x0800),ipv4(src=1.1.1.1,dst=2.2.2.2,proto=17,tos=0,"
                    + "ttl=64,frag=0x4000),udp(src=0,dst=6081,csum=0x0),geneve(oam,vni=0x5)),out_port(1))",
            "dp_hash(0x5/0xf),recirc_id(0x3),in_port(1),eth_type(0x0800),ipv4(frag=no), packets:2, "
                    + "bytes:120, used:2.500s, actions:hash(l4(0)),recirc(0x4)",
            "recirc_id(0),in_port(1),eth_type(0x0800),ipv4(frag=no), packets:2, bytes:120, used:2.500s, "
                    + "actions:meter(0),2",
            "recirc_id(0),in_port(1),eth(src=00:00:00:00:00:01),eth_type(0x0806), packets:1, bytes:42, "
                    + "used:5.000s, actions:userspace(pid=4294967295,controller(reason=1,dont_send=0,"
                    + "continuation=0,recirc_id=1,rule_cookie=0,controller_id=0,max_len=65535))",
            "recirc_id(0),in_port(1),key42(abc),eth_type(0x0800), packets:1, bytes:60, used:0.010s, "
                    + "actions:action42(0a0b),2",
            "recirc_id(0),tunnel(tun_id=0x5,src=192.168.1.1,dst=192.168.1.2,ttl=64,tp_dst=6081,"
                    + "geneve({class=0x102,type=0x80,len=4,0xa0006}{class=0xffff,type=0x1,len=4,0x1/0xff}),"
                    + "flags(-df+csum+key)),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no), packets:0, "
                    + "bytes:0, used:never, actions:ct(zone=65520),recirc(0x22d6a)",
            "recirc_id(0),in_port(1),eth(src=00:00:00:00:00:01),eth_type(0x8100),vlan(vid=10,pcp=0),"
                    + "encap(eth_type(0x0800),ipv4(src=10.0.0.1,frag=no)), packets:4, bytes:400, "
                    + "used:0.300s, actions:pop_vlan,push_vlan(vid=20,pcp=0),3",
            "ufid:0a0b0c0d-0000-4000-8000-000000000001, recirc_id(0),dp_hash(0/0),skb_priority(0/0),"
                    + "in_port(1),skb_mark(0/0),ct_state(0x22/0x23),ct_zone(0/0),eth(src=00:00:00:00:00:01,"
                    + "dst=00:00:00:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,proto=6,"
                    + "tos=0/0,ttl=0/0,frag=no), packets:7, bytes:700, used:0.700s, dp:ovs, actions:2, "
                    + "dp-extra-info:miniflow_bits(4,1)",
            "recirc_id(0),in_port(\"veth one\"),eth_type(0x0800),ipv4(frag=no), packets:1, bytes:98, "
                    + "used:0.900s, actions:\"br-int,x\",drop");

    private final DatapathFlowParser parser = new DatapathFlowParser();

    private DatapathFlow flow(String text) {
        DumpLine line = parser.parse(1, text);
        if (line instanceof DumpLine.Flow flow) {
            for (FlowKey key : flow.flow().keys()) {
                key.terms(); // every accepted key must parse
            }
            return flow.flow();
        }
        return fail("expected a flow, got %s for%n%s", line, text);
    }

    private ParseError error(String text) {
        DumpLine line = parser.parse(1, text);
        if (line instanceof DumpLine.Error error) {
            assertThat(error.error().column()).isBetween(1, text.length() + 1);
            assertThat(error.error().message()).isNotBlank().doesNotStartWith("internal parser error");
            return error.error();
        }
        return fail("expected an error, got %s for%n%s", line, text);
    }

    static List<String> seedLines(String dump) {
        try (InputStream in = DatapathFlowParserTest.class.getResourceAsStream("/dumps/" + dump)) {
            assertThat(in).as(dump).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> allSeedLines() {
        List<String> lines = new ArrayList<>();
        SEED_DUMPS.forEach(dump -> lines.addAll(seedLines(dump)));
        return lines;
    }

    private static List<String> keyNames(DatapathFlow flow) {
        return flow.keys().stream().map(FlowKey::name).toList();
    }

    private static FlowTerm.Call call(String name, FlowTerm... args) {
        return new FlowTerm.Call(name, List.of(args));
    }

    private static FlowTerm.Atom atom(String value) {
        return new FlowTerm.Atom(value);
    }

    private static FlowTerm.Assign assign(String name, String value) {
        return new FlowTerm.Assign(name, atom(value));
    }

    // --- seed dumps -----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"000-yusur-kube-ovn.txt", "001-corigine-kube-ovn.txt",
            "002-yunsilicon-kube-ovn.txt", "003-mellanox-antrea.txt"})
    void everySeedLineParses(String dump) {
        List<String> lines = seedLines(dump);
        for (int i = 0; i < lines.size(); i++) {
            DumpLine parsed = parser.parse(i + 1, lines.get(i));
            assertThat(parsed.line()).isEqualTo(i + 1);
            if (lines.get(i).startsWith("flow-dump from ")) {
                assertThat(parsed).isInstanceOf(DumpLine.ThreadHeader.class);
            } else {
                assertThat(parsed).as(lines.get(i)).isInstanceOf(DumpLine.Flow.class);
                DatapathFlow flow = ((DumpLine.Flow) parsed).flow();
                assertThat(flow.keys()).isNotEmpty();
                assertThat(flow.actions()).isNotEmpty();
                flow.keys().forEach(key -> assertThat(key.terms()).isNotNull());
            }
        }
    }

    @Test
    void yusurLineWithVendorCounters() {
        DatapathFlow flow = flow(seedLines("000-yusur-kube-ovn.txt").get(0));
        assertThat(flow.ufid()).isEqualTo("67c2e10f-92d4-4574-be70-d072815ff166");
        assertThat(keyNames(flow)).containsExactly("skb_priority", "skb_mark", "ct_state", "ct_zone",
                "ct_mark", "ct_label", "recirc_id", "dp_hash", "in_port", "packet_type", "eth", "eth_type",
                "ipv4", "tcp");
        assertThat(flow.packets()).isEqualTo(75021);
        assertThat(flow.bytes()).isEqualTo(109521630);
        assertThat(flow.vendorFields()).isEqualTo(Map.of("offload_packets", "75019", "offload_bytes", "109521498"));
        assertThat(flow.vendorCounter("offload_packets")).isEqualTo(75019);
        assertThat(flow.vendorCounter("offload_bytes")).isEqualTo(109521498);
        assertThat(flow.used()).isEqualTo("3.990s");
        assertThat(flow.offloaded()).isEqualTo("yes");
        assertThat(flow.dp()).isEqualTo("tc");
        assertThat(flow.keyValue("in_port")).isEqualTo("d85b161b6840_h");
        assertThat(flow.key("ct_state").isWildcarded()).isFalse();
        assertThat(flow.key("dp_hash").isWildcarded()).isTrue();
        assertThat(flow.key("ipv4").field("tos")).isEqualTo("0/0x3");
        assertThat(flow.actions()).hasSize(2);
        assertThat(flow.actions().get(1)).isEqualTo(atom("genev_sys_6081"));
        FlowTerm.Call set = (FlowTerm.Call) flow.actions().get(0);
        FlowTerm.Call tunnel = (FlowTerm.Call) set.args().get(0);
        assertThat(tunnel.name()).isEqualTo("tunnel");
        assertThat(tunnel.args()).contains(call("flags", atom("csum|key")));
        assertThat(tunnel.args()).contains(call("geneve", new FlowTerm.Group(List.of(
                assign("class", "0x102"), assign("type", "0x80"), assign("len", "4"), atom("0xa0006")))));
        assertThat(flow.actionsText()).isEqualTo("set(tunnel(tun_id=0x5,dst=192.168.201.12,ttl=64,tp_dst=6081,"
                + "geneve({class=0x102,type=0x80,len=4,0xa0006}),flags(csum|key))),genev_sys_6081");
        assertThat(FlowActions.outputPorts(flow.actionsText())).containsExactly("genev_sys_6081");
    }

    @Test
    void yusurSecondLineHasDpBeforeOffloadedAndNoSpaceBeforeActions() {
        DatapathFlow flow = flow(seedLines("000-yusur-kube-ovn.txt").get(1));
        assertThat(flow.ufid()).isEqualTo("7940666e-a0bd-42a5-8116-1e84e81bb338");
        assertThat(flow.keys()).hasSize(15);
        assertThat(flow.key("tunnel").field("tp_dst")).isEqualTo("6081");
        assertThat(flow.packets()).isEqualTo(6946);
        assertThat(flow.bytes()).isEqualTo(459664);
        assertThat(flow.vendorCounter("offload_packets")).isEqualTo(6944);
        assertThat(flow.used()).isEqualTo("4.170s");
        assertThat(flow.dp()).isEqualTo("tc");
        assertThat(flow.offloaded()).isEqualTo("yes");
        assertThat(flow.actions()).containsExactly(atom("d85b161b6840_h"));
    }

    @Test
    void corigineLines() {
        List<String> lines = seedLines("001-corigine-kube-ovn.txt");
        DatapathFlow first = flow(lines.get(0));
        assertThat(first.ufid()).isEqualTo("91cc45de-e7e9-4935-8f82-1890430b0f66");
        assertThat(first.keys()).hasSize(13);
        assertThat(first.packets()).isEqualTo(941539);
        assertThat(first.bytes()).isEqualTo(62142230);
        assertThat(first.used()).isEqualTo("0.260s");
        assertThat(first.offloaded()).isEqualTo("yes");
        assertThat(first.dp()).isEqualTo("tc");
        assertThat(first.vendorFields()).isEmpty();
        assertThat(first.key("ipv4").field("src")).isEqualTo("0.0.0.0/0.0.0.0");
        assertThat(first.actions()).containsExactly(atom("54235e5753b8_h"));
        DatapathFlow second = flow(lines.get(1));
        assertThat(second.packets()).isEqualTo(82386659);
        assertThat(second.bytes()).isEqualTo(115944854173L);
    }

    @Test
    void yunsiliconPmdDump() {
        List<String> lines = seedLines("002-yunsilicon-kube-ovn.txt");
        assertThat(parser.parse(1, lines.get(0))).isEqualTo(new DumpLine.ThreadHeader(1, "pmd on cpu core: 9"));
        DatapathFlow flow = flow(lines.get(1));
        assertThat(flow.ufid()).isNull();
        assertThat(keyNames(flow)).containsExactly("ct_state", "ct_mark", "recirc_id", "in_port", "packet_type",
                "eth", "eth_type", "ipv4");
        assertThat(flow.keyValue("ct_state")).isEqualTo("-new+est-rel+rpl+trk");
        assertThat(flow.keyValue("in_port")).isEqualTo("15");
        assertThat(flow.packets()).isEqualTo(6);
        assertThat(flow.bytes()).isEqualTo(588);
        assertThat(flow.used()).isEqualTo("7.276s");
        assertThat(flow.offloaded()).isNull();
        assertThat(flow.dp()).isNull();
        assertThat(flow.actions()).containsExactly(call("ct", assign("zone", "4"), atom("nat")),
                call("recirc", atom("0x2d278")));
        assertThat(FlowActions.recircTargets(flow.actionsText())).containsExactly(0x2d278L);
        assertThat(FlowActions.recircId(flow)).isEqualTo(0x2d277L);
        DatapathFlow masked = flow(lines.get(4));
        assertThat(masked.key("eth").field("src")).isEqualTo("00:00:00:9d:fb:1a/01:00:00:00:00:00");
        assertThat(masked.key("ipv4").field("dst")).isEqualTo("10.16.0.14/255.192.0.0");
    }

    @Test
    void mellanoxNamedPorts() {
        DatapathFlow flow = flow(seedLines("003-mellanox-antrea.txt").get(1));
        assertThat(flow.keyValue("in_port")).isEqualTo("eth0");
        assertThat(flow.keyValue("ct_state")).isEqualTo("+est+trk");
        assertThat(flow.packets()).isEqualTo(2235857);
        assertThat(flow.actions()).containsExactly(atom("eth1"));
    }

    // --- forms of the line --------------------------------------------------------------------

    @Test
    void keyOrderDoesNotMatter() {
        String tail = ", packets:1, bytes:2, used:0.001s, actions:2";
        DatapathFlow a = flow("recirc_id(0),in_port(1),eth_type(0x0800),ipv4(src=1.2.3.4,frag=no)" + tail);
        DatapathFlow b = flow("ipv4(src=1.2.3.4,frag=no),eth_type(0x0800),in_port(1),recirc_id(0)" + tail);
        DatapathFlow c = flow("in_port(1),recirc_id(0),ipv4(src=1.2.3.4,frag=no),eth_type(0x0800)" + tail);
        assertThat(b.keys()).containsExactlyInAnyOrderElementsOf(a.keys());
        assertThat(c.keys()).containsExactlyInAnyOrderElementsOf(a.keys());
        assertThat(b.actions()).isEqualTo(a.actions());
        assertThat(b.key("ipv4").terms()).isEqualTo(a.key("ipv4").terms());
    }

    @Test
    void fieldOrderDoesNotMatter() {
        DatapathFlow a = flow("in_port(1), packets:5, bytes:6, used:1.000s, offloaded:yes, dp:tc, actions:2");
        DatapathFlow b = flow("in_port(1), used:1.000s, dp:tc, bytes:6, offloaded:yes, packets:5, actions:2");
        assertThat(b).isEqualTo(a);
    }

    @Test
    void ctStateForms() {
        assertThat(flow("ct_state(-new+est-rel+rpl+trk),in_port(1), packets:1, bytes:1, used:never, actions:drop")
                .key("ct_state").terms()).containsExactly(atom("-new+est-rel+rpl+trk"));
        assertThat(flow("ct_state(new|trk),in_port(1), packets:1, bytes:1, used:never, actions:drop")
                .key("ct_state").terms()).containsExactly(atom("new|trk"));
        FlowKey hex = flow("ct_state(0x22/0x23),in_port(1), packets:1, bytes:1, used:never, actions:drop")
                .key("ct_state");
        assertThat(hex.terms()).containsExactly(atom("0x22/0x23"));
        assertThat(hex.isWildcarded()).isFalse();
        assertThat(flow("ct_state(0/0),in_port(1), packets:1, bytes:1, used:never, actions:drop")
                .key("ct_state").isWildcarded()).isTrue();
    }

    @Test
    void numericAndNamedPorts() {
        String tail = ", packets:1, bytes:1, used:never, actions:";
        assertThat(FlowActions.outputPorts(flow("in_port(3),eth_type(0x0800)" + tail + "2,5").actionsText()))
                .containsExactly("2", "5");
        DatapathFlow named = flow("in_port(eth0),eth_type(0x0800)" + tail + "genev_sys_6081,drop");
        assertThat(named.keyValue("in_port")).isEqualTo("eth0");
        assertThat(FlowActions.outputPorts(named.actionsText())).containsExactly("genev_sys_6081");
    }

    @Test
    void quotedPortNames() {
        DatapathFlow flow = flow(EXAMPLE_LINES.get(12));
        assertThat(flow.keyValue("in_port")).isEqualTo("\"veth one\"");
        assertThat(flow.key("in_port").terms()).containsExactly(atom("\"veth one\""));
        assertThat(flow.actions()).containsExactly(atom("\"br-int,x\""), atom("drop"));
    }

    @Test
    void threadHeaders() {
        assertThat(parser.parse(3, "flow-dump from pmd on cpu core: 9"))
                .isEqualTo(new DumpLine.ThreadHeader(3, "pmd on cpu core: 9"));
        assertThat(parser.parse(4, "flow-dump from the main thread:"))
                .isEqualTo(new DumpLine.ThreadHeader(4, "the main thread"));
        assertThat(parser.parse(5, "   ")).isEqualTo(new DumpLine.Blank(5));
        assertThat(parser.parse(6, "")).isEqualTo(new DumpLine.Blank(6));
    }

    @Test
    void dpExtraInfoAfterActions() {
        DatapathFlow flow = flow(EXAMPLE_LINES.get(11));
        assertThat(flow.ufid()).isEqualTo("0a0b0c0d-0000-4000-8000-000000000001");
        assertThat(flow.dp()).isEqualTo("ovs");
        assertThat(flow.offloaded()).isNull();
        assertThat(flow.actions()).containsExactly(atom("2"));
        assertThat(flow.dpExtraInfo()).isEqualTo("miniflow_bits(4,1)");
        assertThat(flow.keyValue("ct_state")).isEqualTo("0x22/0x23");
    }

    @Test
    void usedNeverAndTcpFlags() {
        DatapathFlow never = flow(EXAMPLE_LINES.get(1));
        assertThat(never.used()).isEqualTo("never");
        assertThat(never.tcpFlags()).isNull();
        DatapathFlow flags = flow(EXAMPLE_LINES.get(0));
        assertThat(flags.used()).isEqualTo("0.004s");
        assertThat(flags.tcpFlags()).isEqualTo("SFP.");
    }

    // --- nested actions -----------------------------------------------------------------------

    @Test
    void ctWithNat() {
        DatapathFlow flow = flow(EXAMPLE_LINES.get(0));
        assertThat(flow.actions()).containsExactly(
                call("ct", atom("commit"), assign("zone", "4"), assign("mark", "0x1/0x1"),
                        call("nat", assign("src", "10.0.0.1-10.0.0.2:1000-2000"))),
                atom("2"));
    }

    @Test
    void checkPktLen() {
        assertThat(flow(EXAMPLE_LINES.get(1)).actions()).containsExactly(
                call("check_pkt_len", assign("size", "200"), call("gt", atom("4")), call("le", atom("5"))));
    }

    @Test
    void sampleWithUserspace() {
        assertThat(flow(EXAMPLE_LINES.get(2)).actions()).containsExactly(
                call("sample", assign("sample", "50.0%"), call("actions", call("userspace", assign("pid", "3"),
                        call("sFlow", assign("vid", "0"), assign("pcp", "0"), assign("output", "2"))))));
    }

    @Test
    void cloneWithSet() {
        assertThat(flow(EXAMPLE_LINES.get(3)).actions()).containsExactly(
                call("clone", call("set", call("eth", assign("src", "00:00:00:00:00:01"))), atom("2")));
    }

    @Test
    void tnlPush() {
        List<FlowTerm> actions = flow(EXAMPLE_LINES.get(4)).actions();
        assertThat(actions).hasSize(1);
        FlowTerm.Call push = (FlowTerm.Call) actions.get(0);
        assertThat(push.name()).isEqualTo("tnl_push");
        assertThat(push.args()).hasSize(3);
        assertThat(push.args().get(0)).isEqualTo(call("tnl_port", atom("4")));
        assertThat(push.args().get(2)).isEqualTo(call("out_port", atom("1")));
        FlowTerm.Call header = (FlowTerm.Call) push.args().get(1);
        assertThat(header.args()).hasSize(6);
        assertThat(header.args().get(5)).isEqualTo(call("geneve", atom("oam"), assign("vni", "0x5")));
        assertThat(header.args().get(3)).isEqualTo(call("ipv4", assign("src", "1.1.1.1"), assign("dst", "2.2.2.2"),
                assign("proto", "17"), assign("tos", "0"), assign("ttl", "64"), assign("frag", "0x4000")));
        assertThat(FlowTerm.formatList(actions)).isEqualTo(EXAMPLE_LINES.get(4).substring(
                EXAMPLE_LINES.get(4).indexOf("actions:") + "actions:".length()));
    }

    @Test
    void hashMeterAndUserspaceController() {
        assertThat(flow(EXAMPLE_LINES.get(5)).actions()).containsExactly(
                call("hash", call("l4", atom("0"))), call("recirc", atom("0x4")));
        assertThat(flow(EXAMPLE_LINES.get(6)).actions()).containsExactly(call("meter", atom("0")), atom("2"));
        assertThat(flow(EXAMPLE_LINES.get(7)).actions()).containsExactly(
                call("userspace", assign("pid", "4294967295"), call("controller", assign("reason", "1"),
                        assign("dont_send", "0"), assign("continuation", "0"), assign("recirc_id", "1"),
                        assign("rule_cookie", "0"), assign("controller_id", "0"), assign("max_len", "65535"))));
    }

    @Test
    void unknownActionsAndKeysAreKept() {
        DatapathFlow flow = flow(EXAMPLE_LINES.get(8));
        assertThat(flow.keyValue("key42")).isEqualTo("abc");
        assertThat(flow.key("key42").terms()).containsExactly(atom("abc"));
        assertThat(flow.actions()).containsExactly(call("action42", atom("0a0b")), atom("2"));
    }

    @Test
    void geneveOptionGroupsAndTunnelFlags() {
        DatapathFlow flow = flow(EXAMPLE_LINES.get(9));
        List<FlowTerm> tunnel = flow.key("tunnel").terms();
        assertThat(tunnel).contains(call("geneve",
                new FlowTerm.Group(List.of(assign("class", "0x102"), assign("type", "0x80"), assign("len", "4"),
                        atom("0xa0006"))),
                new FlowTerm.Group(List.of(assign("class", "0xffff"), assign("type", "0x1"), assign("len", "4"),
                        atom("0x1/0xff")))));
        assertThat(tunnel).contains(call("flags", atom("-df+csum+key")));
        assertThat(FlowTerm.formatList(tunnel)).isEqualTo(flow.keyValue("tunnel"));
        assertThat(flow.used()).isEqualTo("never");
    }

    @Test
    void ipv6AndEncap() {
        DatapathFlow v6 = flow(EXAMPLE_LINES.get(3));
        assertThat(v6.key("ipv6").field("src")).isEqualTo("fe80::1/ffff:ffff::");
        assertThat(v6.key("ipv6").field("dst")).isEqualTo("::");
        assertThat(v6.key("ipv6").field("label")).isEqualTo("0/0xfffff");
        DatapathFlow vlan = flow(EXAMPLE_LINES.get(10));
        assertThat(vlan.key("encap").terms()).containsExactly(call("eth_type", atom("0x0800")),
                call("ipv4", assign("src", "10.0.0.1"), assign("frag", "no")));
        assertThat(vlan.actions()).containsExactly(atom("pop_vlan"),
                call("push_vlan", assign("vid", "20"), assign("pcp", "0")), atom("3"));
    }

    // --- errors -------------------------------------------------------------------------------

    @Test
    void missingActions() {
        String text = "in_port(1),eth_type(0x0800), packets:1, bytes:2, used:never";
        ParseError error = error(text);
        assertThat(error.message()).contains("actions");
        assertThat(error.column()).isEqualTo(text.length() + 1);
    }

    @Test
    void emptyActions() {
        assertThat(error("in_port(1), packets:1, bytes:2, used:never, actions:").message()).contains("action");
    }

    @Test
    void unclosedParenInKeys() {
        String text = "in_port(1),eth(src=00:00:00:00:00:01,eth_type(0x0800), packets:1, bytes:2, used:never, actions:2";
        ParseError error = error(text);
        assertThat(error.column()).isEqualTo(text.indexOf("eth(") + "eth(".length());
        assertThat(error.message()).contains("'('").contains("not closed");
    }

    @Test
    void extraCloseParenInKeys() {
        String text = "in_port(1)),eth_type(0x0800), packets:1, bytes:2, used:never, actions:2";
        ParseError error = error(text);
        assertThat(error.column()).isEqualTo(text.indexOf("))") + 2);
        assertThat(error.message()).contains("')'");
    }

    @Test
    void unclosedParenInActions() {
        String text = "in_port(1), packets:1, bytes:2, used:never, actions:ct(zone=4,nat(src=1.1.1.1),2";
        ParseError error = error(text);
        assertThat(error.column()).isEqualTo(text.indexOf("ct(") + "ct(".length());
        assertThat(error.message()).contains("'('").contains("not closed");
    }

    @Test
    void garbageCounters() {
        String text = "in_port(1), packets:12x, bytes:2, used:never, actions:2";
        ParseError error = error(text);
        assertThat(error.column()).isEqualTo(text.indexOf("12x") + 1);
        assertThat(error.message()).contains("packets").contains("12x");
        assertThat(error("in_port(1), packets:1, bytes:-5, used:never, actions:2").message()).contains("bytes");
    }

    @Test
    void nextLineStillParsesAfterAnError() {
        String bad = "in_port(1),eth(, packets:1, bytes:2, used:never, actions:2";
        String good = "in_port(1), packets:1, bytes:2, used:never, actions:2";
        assertThat(parser.parse(1, bad)).isInstanceOf(DumpLine.Error.class);
        assertThat(parser.parse(2, good)).isInstanceOf(DumpLine.Flow.class);
        assertThat(parser.parse(2, good).line()).isEqualTo(2);
    }

    // --- regressions ---------------------------------------------------------------------------

    /** OVS prints eth() when no Ethernet field is matched; terms() used to throw on it. */
    @Test
    void emptyKeyArguments() {
        DatapathFlow flow = flow("recirc_id(0),in_port(1),eth(),eth_type(0x0800),ipv4(frag=no), packets:0, "
                + "bytes:0, used:never, actions:2");
        assertThat(flow.key("eth").terms()).isEmpty();
        assertThat(flow.key("eth").isWildcarded()).isFalse();
        assertThat(flow.key("eth").field("src")).isNull();
        assertThat(flow.key("eth").text()).isEqualTo("eth()");
    }

    /** Keys are parsed lazily; the line parser used to accept keys whose terms() then threw. */
    @ParameterizedTest
    @ValueSource(strings = {"eth(src=)", "eth(src=1 )", "eth(,)", "eth({)})", "geneve({a}x)", "eth(a=b c)"})
    void badKeyArgumentsMakeTheLineAnError(String key) {
        String text = "in_port(1)," + key + ", packets:1, bytes:2, used:never, actions:2";
        ParseError error = error(text);
        assertThat(error.column()).isBetween(text.indexOf(key) + 1, text.indexOf(key) + key.length());
    }

    /** A corrupt line used to overflow the stack (StackOverflowError escaped parse). */
    @Test
    void deepNestingIsAnErrorNotACrash() {
        int depth = 20_000;
        String actions = "clone(".repeat(depth) + "2" + ")".repeat(depth);
        String text = "in_port(1), packets:1, bytes:2, used:never, actions:" + actions;
        assertThat(error(text).message()).contains("nested deeper");
        String keys = "encap(".repeat(depth) + ")".repeat(depth);
        assertThat(error(keys + ", packets:1, bytes:2, used:never, actions:2").message()).contains("nested deeper");
        String ok = "clone(".repeat(10) + "2" + ")".repeat(10);
        assertThat(flow("in_port(1), packets:1, bytes:2, used:never, actions:" + ok).actions()).hasSize(1);
    }

    /** Long.parseLong takes "+5"; OVS never prints a sign. */
    @Test
    void signedCountersAreErrors() {
        assertThat(error("in_port(1), packets:+5, bytes:2, used:never, actions:2").message()).contains("packets");
        assertThat(error("in_port(1), packets:5, bytes:99999999999999999999, used:never, actions:2").message())
                .contains("bytes");
    }
}
