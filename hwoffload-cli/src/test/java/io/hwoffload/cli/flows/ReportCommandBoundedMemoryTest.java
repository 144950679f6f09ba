package io.hwoffload.cli.flows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A report over a million flows in a JVM limited to 256 MiB, on a dump where recirculation links
 * are everywhere: half the flows are {@code recirc_id(0)} roots, and each of the other half
 * matches the {@code recirc_id} that 500 roots recirculate to. The graph keeps only what it draws.
 */
class ReportCommandBoundedMemoryTest {
    private static final int FLOWS = 1_000_000;
    private static final int RECIRC_IDS = 1000;

    @Test
    void millionFlowReportFitsIn256MiB(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("million.txt");
        writeDump(dump);

        // the analysis the report runs first: its recirculation chains must not hold a chain per root
        Path metrics = dir.resolve("metrics.prom");
        assertThat(SmallHeapCli.run(metrics, "flows", "analyze", dump.toString(), "-o", "prometheus")).isZero();
        assertThat(Files.readString(metrics)).contains("hwoffload_datapath_flows{status=\"offloaded\"} " + FLOWS / 2);

        Path output = dir.resolve("report.html");
        assertThat(SmallHeapCli.run(dir.resolve("report.out"), "flows", "report", dump.toString(), "-o", output.toString()))
                .isZero();
        ReportPage page = ReportPage.parse(Files.readString(output));
        assertThat(page.byId("ratio-flows").getAttribute("data-total")).isEqualTo(String.valueOf(FLOWS));
        // the 200 busiest roots, each recirculating to its own id, and for each id the first flow matching it
        assertThat(page.graphNodes()).hasSize(400);
        assertThat(page.graphEdges()).hasSize(200);
        assertThat(page.byId("graph-summary").getAttribute("data-left-out")).isEqualTo(String.valueOf(FLOWS - 400));
        assertThat(page.byId("graph-summary").getTextContent()).contains("99,800 of them linked to a flow drawn");
    }

    /** Even flows: offloaded roots, busier the later; odd flows: datapath flows after a recirculation. */
    private static void writeDump(Path dump) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(dump, StandardCharsets.UTF_8)) {
            for (int i = 0; i < FLOWS; i++) {
                int recircId = (i / 2) % RECIRC_IDS + 1;
                if (i % 2 == 0) {
                    out.write(String.format(Locale.ROOT,
                            "ufid:%08x-92d4-4574-be70-d072815ff166, recirc_id(0),dp_hash(0/0),in_port(pod%d_h),"
                                    + "eth(src=0a:c9:1c:70:%02x:%02x,dst=8a:18:a4:22:b7:7d),eth_type(0x0800),"
                                    + "ipv4(src=10.0.1.10,dst=10.0.1.6,proto=6,frag=no), packets:%d, bytes:%d, used:3.990s,"
                                    + " offloaded:yes, dp:tc, actions:ct(zone=4,nat),recirc(0x%x)%n",
                            i, i % 50, (i >> 8) & 0xff, i & 0xff, i, i * 100L, recircId));
                } else {
                    out.write(String.format(Locale.ROOT,
                            "ufid:%08x-0000-4574-be70-d072815ff166, ct_state(-new+est-rel+rpl+trk),recirc_id(0x%x),"
                                    + "in_port(pod%d_h),eth(src=00:00:00:9d:%02x:%02x,dst=00:00:00:ce:cf:b9),"
                                    + "eth_type(0x0800),ipv4(dst=10.16.0.1,frag=no), packets:6, bytes:588, used:7.276s,"
                                    + " dp:ovs, actions:genev_sys_6081%n",
                            i, recircId, i % 50, (i >> 8) & 0xff, i & 0xff));
                }
            }
        }
    }
}
