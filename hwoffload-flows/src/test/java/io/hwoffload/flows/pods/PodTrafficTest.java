package io.hwoffload.flows.pods;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.report.OffloadAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PodTrafficTest {
    private static final Map<String, PortOwner> OWNERS = Map.of(
            "pf0vf0", new PortOwner.Pod("shop", "web-0"),
            "pf0vf1", new PortOwner.Pod("shop", "db-0"),
            "p0", new PortOwner.Node(PortOwner.PortRole.SYSTEM));

    /** A flow counts for the pod it enters by and for the pod it leaves by, once each; the least offloaded pod first. */
    @Test
    void totalsEachPodsFlowsInAndOutWithTheirReasons() {
        OffloadAnalyzer analyzer = new OffloadAnalyzer(new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty()),
                OffloadStatus.UNKNOWN, 0);
        PodTraffic traffic = new PodTraffic(port -> OWNERS.getOrDefault(port, new PortOwner.Node(PortOwner.PortRole.UNKNOWN)));
        traffic.add(analyzer.accept(1, "ufid:1, recirc_id(0),in_port(pf0vf0),eth_type(0x0800),ipv4(frag=no), packets:100,"
                + " bytes:1, used:1s, offloaded:yes, dp:tc, actions:pf0vf1"));
        traffic.add(analyzer.accept(2, "ufid:2, recirc_id(0),in_port(pf0vf1),eth_type(0x0800),ipv4(frag=no), packets:40,"
                + " bytes:1, used:1s, dp:ovs, actions:userspace(pid=1),pf0vf0"));
        traffic.add(analyzer.accept(3, "ufid:3, recirc_id(0),in_port(p0),eth_type(0x0800),ipv4(frag=no), packets:7,"
                + " bytes:1, used:1s, dp:ovs, actions:pf0vf1,pf0vf1"));
        traffic.add(analyzer.accept(4, "ufid:4, recirc_id(0),in_port(9),eth_type(0x0800),ipv4(frag=no), packets:1,"
                + " bytes:1, used:1s, dp:ovs, actions:p0"));

        assertThat(traffic.pods()).extracting(PodTraffic.PodTotals::pod, PodTraffic.PodTotals::flows,
                PodTraffic.PodTotals::packets, PodTraffic.PodTotals::offloadedPackets)
                .containsExactly(tuple("db-0", 3L, 147L, 100L),
                        tuple("web-0", 2L, 140L, 100L));
        PodTraffic.PodTotals db = traffic.pods().get(0);
        assertThat(db.ports()).containsExactly("pf0vf1");
        assertThat(db.reasons()).extracting(PodTraffic.ReasonPackets::code).containsExactly("action.userspace", "offloadable");
        assertThat(db.offloadRatio()).isEqualTo(100.0 / 147);
        assertThat(traffic.roles()).extracting(PodTraffic.RoleTotals::role, PodTraffic.RoleTotals::flows)
                .containsExactly(tuple("system port", 2L),
                        tuple("unknown port", 1L));
    }
}
