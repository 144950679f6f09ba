package io.hwoffload.flows.offload;

import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import io.hwoffload.flows.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules on flow shapes as OVS prints them in its own tests and in public bug reports (lines written here from
 * those facts: lib/odp-util.c's formats, tests/odp.at's key and action lists, system-offloads-traffic.at's
 * expectations), and what OVS's TC offload does with each (lib/dpif-offload-tc-netdev.c at d6a632a9).
 */
class OffloadRulesOnRealShapesTest {
    private static final RuleCatalog RULES = RuleCatalog.builtIn();
    private static final String PREFIX = "recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:3, bytes:180,"
            + " used:0.1s, actions:";

    /** A GRE header inside tnl_push is format_odp_tnl_push_header's gre((flags=...,proto=...),key=...). */
    @Test
    void theGreHeaderOfTnlPushParsesAndRoundTrips() {
        String actions = "tnl_push(tnl_port(4),header(size=42,type=3,eth(dst=f8:bc:12:44:34:b6,src=f8:bc:12:46:58:e0,"
                + "dl_type=0x0800),ipv4(src=1.1.2.88,dst=1.1.2.92,proto=47,tos=0,ttl=64,frag=0x4000),"
                + "gre((flags=0x2000,proto=0x6558),key=0x1e241)),out_port(1))";
        DatapathFlow flow = flow(PREFIX + actions);
        StringBuilder printed = new StringBuilder();
        flow.actions().get(0).appendTo(printed);
        assertThat(printed).hasToString(actions);
        assertThat(flow("in_port(1),eth_type(0x0800), packets:0, bytes:0, used:never, actions:tnl_push(tnl_port(4),"
                + "header(size=38,type=3,eth(dst=00:00:00:00:00:01,src=00:00:00:00:00:02,dl_type=0x0800),ipv4(src=1.1.1.1,"
                + "dst=1.1.1.2,proto=47,tos=0,ttl=64,frag=0x4000),gre((flags=0x0,proto=0x6558))),out_port(3))")).isNotNull();
        assertThat(codes(flow, SoftwareVersions.UNKNOWN)).containsExactly("action.tnl_push");
    }

    /** OVS drops an exact match on mark 0 before it offloads ("ignore exact match on skb_mark of 0"). */
    @ParameterizedTest(name = "skb_mark({0}) matched: {1}")
    @CsvSource({"0, false", "0/0xffffffff, false", "0/0, false", "0x1, true", "0/0xff, true", "0x20/0xff, true"})
    void onlyANonZeroOrPartialMarkMatchIsAnObstacle(String mark, boolean obstacle) {
        DatapathFlow flow = flow("skb_mark(" + mark + "),recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no),"
                + " packets:1, bytes:60, used:0.1s, actions:3");
        assertThat(codes(flow, SoftwareVersions.UNKNOWN).contains("match.pkt_mark")).isEqualTo(obstacle);
    }

    /** {@code hash} inside ct's nat(...) is the NAT range flag, not the hash action. */
    @Test
    void theNatHashFlagIsNoHashAction() {
        assertThat(codes(flow(PREFIX + "ct(commit,zone=5,nat(dst=10.1.1.2-10.1.1.4:255-4096,hash)),recirc(0x2)"),
                SoftwareVersions.UNKNOWN)).doesNotContain("action.hash");
        assertThat(codes(flow(PREFIX + "hash(l4(0)),recirc(0x5)"), SoftwareVersions.UNKNOWN)).contains("action.hash");
        assertThat(codes(flow(PREFIX + "clone(hash(sym_l4(0)),recirc(0x7))"), SoftwareVersions.UNKNOWN))
                .as("nested in an action list it is one").contains("action.hash", "action.clone");
    }

    /** The same flow, judged for the OVS that made it: meters and check_pkt_len go to TC from OVS 3.0; sample never. */
    @ParameterizedTest(name = "{0} on OVS {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "meter(1),3                                      | 2.17 | action.meter",
            "meter(1),3                                      | 3.0  | offloadable",
            "meter(1),3                                      | 3.3  | offloadable",
            "meter(1),3                                      |      | action.meter",
            "check_pkt_len(size=200,gt(4),le(5))             | 2.17 | action.check_pkt_len",
            "check_pkt_len(size=200,gt(4),le(5))             | 3.0  | offloadable",
            "check_pkt_len(size=200,gt(4),le(5))             | 3.3  | offloadable",
            "sample(sample=50.0%,actions(userspace(pid=1))),3 | 2.17 | action.userspace action.sample",
            "sample(sample=50.0%,actions(userspace(pid=1))),3 | 3.3  | action.userspace action.sample"})
    void versionAwareRulesFollowTheOvsVersion(String actions, String ovs, String expected) {
        SoftwareVersions versions = new SoftwareVersions(Optional.ofNullable(ovs).map(Version::of), Optional.empty());
        assertThat(String.join(" ", codes(flow(PREFIX + actions), versions))).isEqualTo(expected);
    }

    /** ERSPAN options stay in the match, which TC refuses; under zero masks they are not matched at all. */
    @Test
    void erspanTunnelsAreRefusedWhereTheirOptionsAreMatched() {
        String tunnel = "tunnel(tun_id=0x7f10354,src=10.10.10.10,dst=20.20.20.20,ttl=64,erspan(ver=2,dir=1,hwid=0x7),"
                + "flags(df|key)),";
        assertThat(codes(flow(tunnel + PREFIX + "3"), SoftwareVersions.UNKNOWN)).contains("match.tunnel_erspan");
        String unmatched = "tunnel(tun_id=0x7f10354,src=10.10.10.10,dst=20.20.20.20,ttl=64,erspan(ver=2/0,dir=1/0,hwid=0x7/0),"
                + "flags(-df+csum+key)),";
        assertThat(codes(flow(unmatched + PREFIX + "3"), SoftwareVersions.UNKNOWN)).doesNotContain("match.tunnel_erspan");
        assertThat(codes(flow(PREFIX + "set(tunnel(tun_id=0xabcdef1234567890,src=1.1.1.1,dst=2.2.2.2,ttl=64,"
                + "erspan(ver=1,sidx=0x7),flags(df|key))),4"), SoftwareVersions.UNKNOWN)).contains("action.set_tunnel_erspan");
        assertThat(codes(flow(PREFIX + "set(tunnel(tun_id=0x5,dst=2.2.2.2,ttl=64,flags(df|key))),4"), SoftwareVersions.UNKNOWN))
                .containsExactly("offloadable");
    }

    /** Actions OVS's TC offload has no case for ("unsupported put action type"). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"tnl_pop(4) | action.tnl_pop",
            "push_eth(src=00:00:00:00:00:00,dst=00:00:00:00:00:00),3 | action.push_eth", "pop_eth,3 | action.pop_eth",
            "push_nsh(flags=0,ttl=63,mdtype=1,np=3,spi=0x100,si=255,md1=0x00000000),3 | action.push_nsh",
            "pop_nsh(),3 | action.pop_nsh", "add_mpls(label=200,tc=7,ttl=64,bos=1,eth_type=0x8847),3 | action.add_mpls",
            "psample(group=12,cookie=0x0102030405060708),3 | action.psample"})
    void actionsTcDoesNotTakeHaveTheirReason(String actions, String code) {
        assertThat(codes(flow(PREFIX + actions), SoftwareVersions.UNKNOWN)).contains(code);
    }

    /** Matches flower has no field for: the conntrack original tuple, neighbour discovery. */
    @Test
    void matchesFlowerCannotExpressHaveTheirReason() {
        assertThat(codes(flow("ct_tuple4(src=10.1.2.1,dst=10.1.2.2,proto=6,tp_src=1024,tp_dst=80)," + PREFIX + "3"),
                SoftwareVersions.UNKNOWN)).contains("match.ct_tuple");
        assertThat(codes(flow("ct_tuple4(src=10.1.2.1/0.0.0.0,dst=10.1.2.2/0.0.0.0,proto=6/0,tp_src=1024/0,tp_dst=80/0),"
                + PREFIX + "3"), SoftwareVersions.UNKNOWN)).doesNotContain("match.ct_tuple");
        assertThat(codes(flow("recirc_id(0),in_port(2),eth_type(0x86dd),ipv6(proto=58,frag=no),icmpv6(type=135,code=0),"
                + "nd(target=::1,sll=00:0a:0b:0c:0d:0e), packets:1, bytes:86, used:0.1s, actions:3"), SoftwareVersions.UNKNOWN))
                .contains("match.nd_target");
    }

    /** mlx5 offloads conntrack entries for TCP, UDP and GRE only (en/tc_ct.c): ICMP through ct stays in software. */
    @Test
    void onMlx5IcmpThroughConntrackStaysInSoftware() {
        OffloadExplainer cx5 = new OffloadExplainer(RULES, RULES.nic("mellanox-connectx5"), SoftwareVersions.UNKNOWN);
        DatapathFlow icmp = flow("recirc_id(0),in_port(2),eth_type(0x0800),ipv4(proto=1,frag=no), packets:5, bytes:490,"
                + " used:0.1s, actions:ct(zone=1),recirc(0x1)");
        DatapathFlow established = flow("ct_state(-new+est+trk),recirc_id(0x1),in_port(2),eth_type(0x0800),"
                + "ipv4(proto=1,frag=no), packets:5, bytes:490, used:0.1s, actions:3");
        DatapathFlow tcp = flow("recirc_id(0),in_port(2),eth_type(0x0800),ipv4(proto=6,frag=no), packets:5, bytes:490,"
                + " used:0.1s, actions:ct(zone=1),recirc(0x1)");
        DatapathFlow plainPing = flow("recirc_id(0),in_port(2),eth_type(0x0800),ipv4(proto=1,frag=no), packets:5,"
                + " bytes:490, used:0.1s, actions:3");
        assertThat(codes(cx5, icmp)).contains("nic.mellanox-connectx5.ct_icmp");
        assertThat(codes(cx5, established)).contains("nic.mellanox-connectx5.ct_icmp");
        assertThat(codes(cx5, tcp)).doesNotContain("nic.mellanox-connectx5.ct_icmp");
        assertThat(codes(cx5, plainPing)).containsExactly("offloadable");
        assertThat(codes(flow("recirc_id(0),in_port(2),eth_type(0x0800),ipv4(proto=1,frag=no), packets:5, bytes:490,"
                + " used:0.1s, actions:ct(zone=1),recirc(0x1)"), SoftwareVersions.UNKNOWN)).as("not without --nic")
                .containsExactly("offloadable");
    }

    /** mlx5 refuses a match on ct_state +rel or +inv ("matching on ct_state +rel isn't supported"); -rel it takes. */
    @ParameterizedTest(name = "ct_state({0}): refused {1}")
    @CsvSource({"+rel+trk, true", "-new+est-rel-inv+trk, false", "+inv+trk, true", "0x21/0x23, false", "0x24/0x24, true"})
    void onMlx5RelatedAndInvalidMatchesStayInSoftware(String ctState, boolean refused) {
        OffloadExplainer cx5 = new OffloadExplainer(RULES, RULES.nic("mellanox-connectx5"), SoftwareVersions.UNKNOWN);
        DatapathFlow flow = flow("ct_state(" + ctState + "),recirc_id(0x1),in_port(2),eth_type(0x0800),ipv4(proto=6,frag=no),"
                + " packets:5, bytes:490, used:0.1s, actions:3");
        assertThat(codes(cx5, flow).contains("nic.mellanox-connectx5.ct_state_rel_inv")).isEqualTo(refused);
    }

    private static List<String> codes(OffloadExplainer explainer, DatapathFlow flow) {
        return explainer.explain(flow, OffloadStatus.of(flow, OffloadStatus.UNKNOWN)).stream().map(Reason::code).toList();
    }

    private static DatapathFlow flow(String line) {
        DumpLine parsed = new DatapathFlowParser().parse(1, line);
        assertThat(parsed).as(line).isInstanceOf(DumpLine.Flow.class);
        return ((DumpLine.Flow) parsed).flow();
    }

    private static List<String> codes(DatapathFlow flow, SoftwareVersions versions) {
        return codes(new OffloadExplainer(RULES, Optional.empty(), versions), flow);
    }
}
