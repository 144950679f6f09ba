package io.hwoffload.flows.syntax;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated flows, printed as OVS prints them, parse back to the same model: keys as nested term
 * trees with masks, addresses and geneve-style groups; counters; the {@code -m} fields; vendor
 * fields; nested actions.
 */
class FlowRoundTripProperties {
    private final DatapathFlowParser parser = new DatapathFlowParser();

    @Property(tries = 400)
    void printedFlowParsesBack(@ForAll("flows") DatapathFlow flow) {
        String text = OvsFlowFormatter.format(flow);
        DatapathFlow parsed = parsedFlow(flow.line(), text);
        assertThat(parsed).as(text).isEqualTo(flow);
        for (int i = 0; i < flow.keys().size(); i++) {
            FlowKey key = parsed.keys().get(i);
            assertThat(key.name()).isEqualTo(flow.keys().get(i).name());
            assertThat(key.terms()).as(text).isEqualTo(flow.keys().get(i).terms());
        }
        assertThat(parsed.actions()).as(text).isEqualTo(flow.actions());
        assertThat(parsed.actionsText()).isEqualTo(flow.actionsText());
    }

    @Property(tries = 200)
    void keyOrderDoesNotMatter(@ForAll("flows") DatapathFlow flow, @ForAll Random random) {
        List<FlowKey> shuffled = new ArrayList<>(flow.keys());
        Collections.shuffle(shuffled, random);
        String text = OvsFlowFormatter.format(flow, shuffled);
        DatapathFlow parsed = parsedFlow(flow.line(), text);
        assertThat(parsed.keys()).as(text).containsExactlyElementsOf(shuffled);
        assertThat(parsed.keys()).containsExactlyInAnyOrderElementsOf(flow.keys());
        for (FlowKey key : parsed.keys()) {
            assertThat(parsed.key(key.name()).terms()).isEqualTo(flow.key(key.name()).terms());
        }
        assertThat(new DatapathFlow(parsed.line(), parsed.ufid(), flow.keys(), parsed.packets(), parsed.bytes(),
                parsed.used(), parsed.tcpFlags(), parsed.offloaded(), parsed.dp(), parsed.vendorFields(),
                parsed.actionsText(), parsed.dpExtraInfo())).isEqualTo(flow);
    }

    private DatapathFlow parsedFlow(int line, String text) {
        DumpLine parsed = parser.parse(line, text);
        assertThat(parsed).as(text).isInstanceOf(DumpLine.Flow.class);
        return ((DumpLine.Flow) parsed).flow();
    }

    // --- generators -----------------------------------------------------------------------------

    private static final Set<String> LINE_FIELDS =
            Set.of("ufid", "packets", "bytes", "used", "flags", "offloaded", "dp", "actions", "dp-extra-info");

    @Provide
    Arbitrary<DatapathFlow> flows() {
        Arbitrary<String> ufid = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((high, low) -> new UUID(high, low).toString()).injectNull(0.3);
        Arbitrary<List<FlowKey>> keys = key().list().ofMaxSize(16).uniqueElements(FlowKey::name);
        Arbitrary<Long> counter = Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.longs().between(0, Long.MAX_VALUE));
        Arbitrary<String> used = Arbitraries.oneOf(Arbitraries.just("never"),
                Arbitraries.integers().between(0, 999_999).map(ms -> String.format("%d.%03ds", ms / 1000, ms % 1000)));
        Arbitrary<String> tcpFlags = Arbitraries.strings().withChars("SFRPAUEC").ofMaxLength(8)
                .map(flags -> flags + ".").injectNull(0.6);
        Arbitrary<String> offloaded = Arbitraries.of("yes", "partial").injectNull(0.5);
        Arbitrary<String> dp = Arbitraries.of("ovs", "tc", "dpdk").injectNull(0.4);
        Arbitrary<Map<String, String>> vendor = Arbitraries.maps(
                Arbitraries.oneOf(Arbitraries.of("offload_packets", "offload_bytes"),
                        IDENTIFIER)
                        .filter(name -> !LINE_FIELDS.contains(name)),
                Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
                        Arbitraries.of("on", "hw", "0x1f")))
                .ofMaxSize(3);
        Arbitrary<List<FlowTerm>> actions = action().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<String> extra = Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 9)).as((a, b) -> "miniflow_bits(" + a + "," + b + ")")
                .injectNull(0.7);
        return Combinators.combine(
                Combinators.combine(Arbitraries.integers().between(1, 1_000_000), ufid, keys, counter, counter)
                        .as(Tuple::of),
                Combinators.combine(used, tcpFlags, offloaded, dp, vendor, actions, extra).as(Tuple::of))
                .as((a, b) -> new DatapathFlow(a.get1(), a.get2(), a.get3(), a.get4(), a.get5(),
                        b.get1(), b.get2(), b.get3(), b.get4(), b.get5(), FlowTerm.formatList(b.get6()), b.get7()));
    }

    // Built once: jqwik hashes arbitraries to cache generators, and hashing a fresh deep tree of
    // them on every call made large runs crawl.
    private static final Arbitrary<String> IDENTIFIER = Combinators.combine(Arbitraries.chars().range('a', 'z'),
            Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMaxLength(10))
            .as((first, rest) -> first + rest);
    private static final Arbitrary<String> KEY_NAME = Arbitraries.oneOf(
            Arbitraries.of("skb_priority", "skb_mark", "ct_state", "ct_zone", "ct_mark", "ct_label", "recirc_id",
                    "dp_hash", "in_port", "packet_type", "eth", "eth_type", "vlan", "encap", "ipv4", "ipv6",
                    "tcp", "udp", "icmp", "arp", "tunnel", "nd", "tcp_flags", "ct_tuple4", "key42"),
            IDENTIFIER);
    private static final Arbitrary<String> CALL_NAME = Arbitraries.oneOf(Arbitraries.of("ct", "nat", "recirc", "set",
            "push_vlan", "check_pkt_len", "gt", "le", "clone", "sample", "actions", "userspace", "controller", "hash",
            "l4", "meter", "tnl_push", "tnl_pop", "header", "geneve", "flags", "action42"), IDENTIFIER);
    private static final Arbitrary<String> FIELD_NAME = Arbitraries.oneOf(Arbitraries.of("src", "dst", "proto",
            "tos", "ttl", "frag", "tun_id", "tp_dst", "class", "type", "len", "zone", "mark", "label", "vid", "pcp",
            "ns", "id", "sample", "pid"), IDENTIFIER);
    private static final Arbitrary<FlowTerm> ATOM = atom();
    /** Terms nested at most 3 levels. */
    private static final Arbitrary<FlowTerm> TERM = nest(nest(nest(
            Arbitraries.oneOf(ATOM, Combinators.combine(FIELD_NAME, ATOM).as(FlowTerm.Assign::new)))));
    private static final Arbitrary<FlowKey> KEY =
            Combinators.combine(KEY_NAME, TERM.list().ofMaxSize(6)).as(OvsFlowFormatter::key);
    /** An action: a bare word or port, or a call with nested arguments. */
    private static final Arbitrary<FlowTerm> ACTION = Arbitraries.frequencyOf(
            Tuple.of(3, ATOM),
            Tuple.of(4, Combinators.combine(CALL_NAME, TERM.list().ofMaxSize(5)).as(FlowTerm.Call::new)));

    static Arbitrary<FlowKey> key() {
        return KEY;
    }

    static Arbitrary<FlowTerm> action() {
        return ACTION;
    }

    /** Terms one level deeper than {@code inner}. */
    private static Arbitrary<FlowTerm> nest(Arbitrary<FlowTerm> inner) {
        Arbitrary<FlowTerm> assignAtom = Combinators.combine(FIELD_NAME, ATOM).as(FlowTerm.Assign::new);
        Arbitrary<FlowTerm> call = Combinators.combine(CALL_NAME, inner.list().ofMaxSize(4)).as(FlowTerm.Call::new);
        Arbitrary<FlowTerm> group = inner.list().ofMaxSize(5).map(FlowTerm.Group::new);
        Arbitrary<FlowTerm> assignNested = Combinators.combine(FIELD_NAME, Arbitraries.oneOf(call, group))
                .as(FlowTerm.Assign::new);
        return Arbitraries.frequencyOf(
                Tuple.of(4, ATOM),
                Tuple.of(6, assignAtom),
                Tuple.of(2, call),
                Tuple.of(1, group),
                Tuple.of(1, assignNested));
    }

    /** A value as OVS prints one, with or without a mask. */
    private static Arbitrary<FlowTerm> atom() {
        Arbitrary<String> value = value();
        Arbitrary<String> masked = Combinators.combine(value, value).as((v, m) -> v + "/" + m);
        return Arbitraries.frequencyOf(Tuple.of(4, value), Tuple.of(2, masked)).map(FlowTerm.Atom::new);
    }

    private static Arbitrary<String> value() {
        Arbitrary<Integer> octet = Arbitraries.integers().between(0, 255);
        Arbitrary<String> ipv4 = octet.list().ofSize(4).map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
        Arbitrary<String> hex16 = Arbitraries.integers().between(0, 0xffff).map(Integer::toHexString);
        Arbitrary<String> ipv6 = Arbitraries.oneOf(
                hex16.list().ofSize(8).map(h -> String.join(":", h)),
                Combinators.combine(hex16.list().ofMaxSize(3), hex16.list().ofMaxSize(3))
                        .as((head, tail) -> String.join(":", head) + "::" + String.join(":", tail)));
        Arbitrary<String> mac = octet.list().ofSize(6).map(o -> String.join(":",
                o.stream().map(b -> String.format("%02x", b)).toList()));
        Arbitrary<String> number = Arbitraries.oneOf(
                Arbitraries.longs().between(0, 4294967295L).map(String::valueOf),
                Arbitraries.longs().between(0, Long.MAX_VALUE).map(n -> "0x" + Long.toHexString(n)));
        Arbitrary<String> ctFlags = Combinators.combine(Arbitraries.of("+", "-"),
                        Arbitraries.of("new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat"))
                .as(String::concat).list().ofMinSize(1).ofMaxSize(6).map(flags -> String.join("", flags));
        Arbitrary<String> pipeFlags = Arbitraries.of("new", "est", "trk", "csum", "key", "df")
                .list().ofMinSize(1).ofMaxSize(3).map(f -> String.join("|", f));
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("_-.%:$")
                .ofMinLength(1).ofMaxLength(14);
        Arbitrary<String> quoted = Arbitraries.strings().withCharRange('a', 'z').withChars(" ,(){}=/:")
                .ofMinLength(1).ofMaxLength(10).map(name -> "\"" + name + "\"");
        Arbitrary<String> range = Combinators.combine(ipv4, ipv4, Arbitraries.integers().between(0, 65535),
                Arbitraries.integers().between(0, 65535)).as((a, b, p, q) -> a + "-" + b + ":" + p + "-" + q);
        return Arbitraries.frequencyOf(
                Tuple.of(4, number), Tuple.of(3, ipv4), Tuple.of(2, ipv6), Tuple.of(3, mac), Tuple.of(2, ctFlags),
                Tuple.of(1, pipeFlags), Tuple.of(3, word), Tuple.of(1, quoted), Tuple.of(1, range));
    }
}
