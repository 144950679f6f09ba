package io.hwoffload.flows.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Golden dumps from a real Open vSwitch 3.1 userspace datapath (taken by hwoffload-host's
 * OvsDatapathDumpTest with -Dhwoffload.saveDumps): ct+nat+recirc, meter, check_pkt_len, a dp_hash
 * select group, push_vlan, set, a controller action and drop.
 */
class Ovs31UserspaceDumpTest {
    private final DatapathFlowParser parser = new DatapathFlowParser();

    @Test
    void verboseDumpParsesCompletely() throws IOException {
        List<DumpLine> lines = parse("ovs31-userspace-m.txt");
        assertThat(lines).filteredOn(DumpLine.Error.class::isInstance).isEmpty();
        assertThat(lines.get(0)).isEqualTo(new DumpLine.ThreadHeader(1, "the main thread"));
        List<DatapathFlow> flows = flows(lines);
        assertThat(flows).hasSizeGreaterThan(10).allSatisfy(flow -> {
            assertThat(flow.ufid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(flow.dp()).isEqualTo("ovs");
            assertThat(flow.offloaded()).isNull();
            assertThat(flow.dpExtraInfo()).startsWith("miniflow_bits(");
            // hex with -m; the value may be non-zero under a zero mask (0x21/0)
            assertThat(flow.keyValue("ct_state")).matches("(0|0x[0-9a-f]+)/(0|0x[0-9a-f]+)");
        });
    }

    @Test
    void plainDumpParsesCompletely() throws IOException {
        List<DumpLine> lines = parse("ovs31-userspace-plain.txt");
        assertThat(lines).filteredOn(DumpLine.Error.class::isInstance).isEmpty();
        List<DatapathFlow> flows = flows(lines);
        assertThat(flows).hasSizeGreaterThan(10).allSatisfy(flow -> {
            assertThat(flow.ufid()).isNull();
            assertThat(flow.dp()).isNull();
            assertThat(flow.dpExtraInfo()).isNull();
            assertThat(flow.keyValue("in_port")).matches("[0-9]+");
        });
        assertThat(flows).extracting(f -> f.keyValue("ct_state")).contains("-trk", "-new+est+trk", "+new-est+trk");
    }

    @Test
    void checkPktLenNestsActionListsPerBranch() throws IOException {
        DatapathFlow flow = flows(parse("ovs31-userspace-plain.txt")).stream()
                .filter(f -> f.actions().get(0) instanceof FlowTerm.Call c && c.name().equals("check_pkt_len"))
                .findFirst().orElseThrow();
        FlowTerm.Call check = (FlowTerm.Call) flow.actions().get(0);
        assertThat(check.args()).hasSize(3);
        assertThat(check.args().get(0)).isEqualTo(new FlowTerm.Assign("size", new FlowTerm.Atom("200")));
        FlowTerm.Call le = (FlowTerm.Call) check.args().get(2);
        assertThat(le.name()).isEqualTo("le");
        assertThat(le.args().get(0).text()).isEqualTo("set(eth(src=02:00:00:00:00:fe))");
        assertThat(FlowActions.outputPorts(FlowTerm.formatList(le.args()))).hasSize(1);
    }

    @Test
    void dpHashGroupRecirculatesAndTheNextFlowMatchesTheHash() throws IOException {
        List<DatapathFlow> flows = flows(parse("ovs31-userspace-plain.txt"));
        DatapathFlow hashing = flows.stream().filter(f -> f.actionsText().startsWith("hash(l4(0)),recirc("))
                .findFirst().orElseThrow();
        long target = FlowActions.recircTargets(hashing.actionsText()).get(0);
        assertThat(flows).anySatisfy(f -> {
            assertThat(FlowActions.recircId(f)).isEqualTo(target);
            assertThat(MaskedValue.parse(f.keyValue("dp_hash")).mask()).isEqualTo("0xf");
        });
    }

    @Test
    void controllerActionIsUserspace() throws IOException {
        assertThat(flows(parse("ovs31-userspace-m.txt")))
                .anySatisfy(f -> assertThat(f.actionsText()).matches("userspace\\(pid=0,controller\\(reason=1,.*\\)\\)"))
                .anySatisfy(f -> assertThat(f.actionsText()).startsWith("meter(0),ct(commit,zone=1,nat(src=10.99.0.1)),set(ipv4(tos=0x20/0xfc)),"))
                .anySatisfy(f -> assertThat(f.actionsText()).startsWith("push_vlan(vid=100,pcp=0),"))
                .anySatisfy(f -> assertThat(f.actionsText()).isEqualTo("drop"));
    }

    private List<DumpLine> parse(String name) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/dumps/" + name)) {
            assertThat(in).as(name).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] raw = text.split("\n", -1);
        List<DumpLine> lines = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            lines.add(parser.parse(i + 1, raw[i]));
        }
        return lines;
    }

    private static List<DatapathFlow> flows(List<DumpLine> lines) {
        return lines.stream().filter(DumpLine.Flow.class::isInstance).map(l -> ((DumpLine.Flow) l).flow()).toList();
    }
}
