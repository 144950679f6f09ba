package io.hwoffload.flows.log;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.offload.SoftwareVersions;
import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ovs-vswitchd's log lines as OVS writes them (lib/dpif-offload-tc.c "failed to offload flow: %s: %s", netlink_socket's
 * "received NAK error=%d - %s", netdev_offload_tc's "flow_put: ..."), in the shape public bug reports paste them
 * (ovn-kubernetes #839, ovn-org/ovn #160 and #173); the kernel's message is mlx5's (en/tc_ct.c). Written here, not copied.
 */
class VswitchdLogTest {
    private static final List<String> LOG = List.of(
            "2026-11-30T08:14:02.101Z|00041|bridge|INFO|bridge br-int: added interface pf0vf1 on port 7",
            "2026-11-30T08:15:11.377Z|00090|netlink_socket(handler4)|DBG|received NAK error=95 - mlx5_core: matching on"
                    + " ct_state +rel isn't supported",
            "2026-11-30T08:15:11.377Z|00091|dpif_offload_tc(handler4)|DBG|failed to offload flow: Operation not supported:"
                    + " pf0vf1",
            "2026-11-30T08:15:12.002Z|00092|dpif_netlink(handler2)|ERR|failed to offload flow: No such file or directory:"
                    + " genev_sys_6081",
            "2026-11-30T08:15:19.640Z|00093|dpif_offload_tc(handler4)|DBG|failed to offload flow: Operation not supported:"
                    + " pf0vf1",
            "2026-11-30T08:15:20.000Z|00094|netdev_offload_tc(handler1)|ERR|flow_put: recirc_id sharing not supported",
            "2026-11-30T08:15:21.000Z|00095|netdev_offload_tc(handler3)|DBG|offloading attribute dp_hash isn't supported",
            "this is not a log line");

    private static VswitchdLog log() {
        VswitchdLog log = new VswitchdLog();
        LOG.forEach(log::accept);
        return log;
    }

    @Test
    void failuresAreByPortWithTheKernelsWordsWhereTheLogHasThem() {
        List<VswitchdLog.Failure> failures = log().failures();
        assertThat(failures).hasSize(3);
        VswitchdLog.Failure first = failures.stream().filter(f -> f.kernelMessage() != null).findFirst().orElseThrow();
        assertThat(first.port()).isEqualTo("pf0vf1");
        assertThat(first.error()).isEqualTo("Operation not supported");
        assertThat(first.kernelMessage()).isEqualTo("mlx5_core: matching on ct_state +rel isn't supported");
        assertThat(first.count()).as("the NAK goes with the failure that follows it on its thread").isEqualTo(1);
        assertThat(failures).filteredOn(f -> f.port().equals("pf0vf1") && f.kernelMessage() == null)
                .singleElement().satisfies(f -> assertThat(f.last()).isEqualTo("2026-11-30T08:15:19.640Z"));
        assertThat(failures).anySatisfy(f -> {
            assertThat(f.port()).isEqualTo("genev_sys_6081");
            assertThat(f.error()).isEqualTo("No such file or directory");
        });
        assertThat(log().messages()).extracting(VswitchdLog.Message::text).containsExactly(
                "flow_put: recirc_id sharing not supported", "offloading attribute dp_hash isn't supported");
    }

    @Test
    void theFlowsEnteringByAFailedPortGetTheLogsReason() {
        VswitchdLog log = log();
        OffloadExplainer explainer = new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty(), SoftwareVersions.UNKNOWN,
                log::reasonsFor);
        DatapathFlow failed = flow("ct_state(+rel+trk),recirc_id(0x2),in_port(pf0vf1),eth_type(0x0800),ipv4(frag=no),"
                + " packets:9, bytes:900, used:0.1s, dp:tc, actions:pf0vf2");
        DatapathFlow offloaded = flow("recirc_id(0),in_port(pf0vf1),eth_type(0x0800),ipv4(frag=no), packets:90,"
                + " bytes:9000, used:0.1s, offloaded:yes, dp:tc, actions:pf0vf2");
        DatapathFlow elsewhere = flow("recirc_id(0),in_port(pf0vf2),eth_type(0x0800),ipv4(frag=no), packets:9,"
                + " bytes:900, used:0.1s, dp:ovs, actions:pf0vf1");

        List<Reason> reasons = explainer.explain(failed, OffloadStatus.of(failed, OffloadStatus.UNKNOWN));
        assertThat(reasons).extracting(Reason::code).containsExactly("status.tc-software", VswitchdLog.Failure.CODE);
        assertThat(reasons.get(1).message()).contains("(2 times, last 2026-11-30T08:15:19.640Z)")
                .contains("the kernel said: \"mlx5_core: matching on ct_state +rel isn't supported\"");
        assertThat(explainer.explain(offloaded, OffloadStatus.of(offloaded, OffloadStatus.UNKNOWN))).isEmpty();
        assertThat(explainer.explain(elsewhere, OffloadStatus.of(elsewhere, OffloadStatus.UNKNOWN)))
                .extracting(Reason::code).containsExactly("offloadable");
    }

    private static DatapathFlow flow(String line) {
        return ((DumpLine.Flow) new DatapathFlowParser().parse(1, line)).flow();
    }
}
