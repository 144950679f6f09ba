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

/** A dump of a million flows is analyzed in a JVM limited to 256 MiB: the analysis streams. */
class BoundedMemoryTest {
    private static final int FLOWS = 1_000_000;

    @Test
    void millionFlowDumpFitsIn256MiB(@TempDir Path dir) throws Exception {
        Path dump = dir.resolve("million.txt");
        writeDump(dump);

        Path metrics = dir.resolve("metrics.prom");
        assertThat(runAnalyzer(dump, "prometheus", metrics)).isZero();
        String text = Files.readString(metrics);
        assertThat(text).contains("hwoffload_datapath_flows{status=\"offloaded\"} " + FLOWS / 2)
                .contains("hwoffload_datapath_flows{status=\"datapath\"} " + FLOWS / 2)
                .contains("hwoffload_flow_dump_parse_errors 0");

        // JSON lists every flow: it must stream them out rather than hold them.
        Path json = dir.resolve("report.json");
        assertThat(runAnalyzer(dump, "json", json)).isZero();
        assertThat(Files.size(json)).isGreaterThan(FLOWS * 100L);
    }

    private static int runAnalyzer(Path dump, String format, Path output) throws IOException, InterruptedException {
        return SmallHeapCli.run(output, "flows", "analyze", dump.toString(), "-o", format);
    }

    /** Half offloaded TC flows with vendor counters, half datapath flows in recirculation chains. */
    private static void writeDump(Path dump) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(dump, StandardCharsets.UTF_8)) {
            for (int i = 0; i < FLOWS; i++) {
                int a = (i >> 8) & 0xff;
                int b = i & 0xff;
                if (i % 2 == 0) {
                    out.write(String.format(Locale.ROOT,
                            "ufid:%08x-92d4-4574-be70-d072815ff166, skb_priority(0/0),skb_mark(0/0),ct_state(0/0x23),"
                                    + "recirc_id(0),dp_hash(0/0),in_port(pod%d_h),packet_type(ns=0/0,id=0/0),"
                                    + "eth(src=0a:c9:1c:70:%02x:%02x,dst=8a:18:a4:22:b7:7d),eth_type(0x0800),"
                                    + "ipv4(src=10.%d.%d.10,dst=10.0.1.6,proto=6,tos=0/0x3,ttl=0/0,frag=no),tcp(src=%d,dst=9001),"
                                    + " packets:%d, bytes:%d, offload_packets:%d, offload_bytes:%d, used:3.990s, offloaded:yes, dp:tc,"
                                    + " actions:set(tunnel(tun_id=0x5,dst=192.168.201.12,ttl=64,tp_dst=6081,"
                                    + "geneve({class=0x102,type=0x80,len=4,0xa0006}),flags(csum|key))),genev_sys_6081%n",
                            i, i % 50, a, b, a, b, 1024 + (i % 60000), i, i * 100L, i, i * 100L));
                } else {
                    out.write(String.format(Locale.ROOT,
                            "ufid:%08x-0000-4574-be70-d072815ff166, ct_state(-new+est-rel+rpl+trk),ct_mark(0/0x3),"
                                    + "recirc_id(0x%x),in_port(%d),packet_type(ns=0,id=0),eth(src=00:00:00:9d:%02x:%02x,"
                                    + "dst=00:00:00:ce:cf:b9),eth_type(0x0800),ipv4(dst=10.16.%d.%d,frag=no), packets:6,"
                                    + " bytes:588, used:7.276s, dp:ovs, actions:ct(zone=4,nat),recirc(0x%x)%n",
                            i, i, i % 64, a, b, a, b, i + 1));
                }
            }
        }
    }
}
