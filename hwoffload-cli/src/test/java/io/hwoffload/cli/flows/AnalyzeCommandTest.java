package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hwoffload flows analyze} on the seeds' own dumps: the golden cases of the issue. */
class AnalyzeCommandTest {
    static final Path DUMPS = Path.of("../examples/dumps");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode analyzeJson(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("flows", "analyze", "-o", "json"));
        argv.addAll(List.of(args));
        CommandRun run = CommandRun.of(argv.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String dump(String name) {
        return DUMPS.resolve(name).toString();
    }

    @Test
    void yusurDumpIsFullyOffloadedAndUsesTheVendorCounters() throws IOException {
        JsonNode report = analyzeJson(dump("000-yusur-kube-ovn.txt"));
        JsonNode summary = report.get("summary");
        assertThat(summary.get("flows").asLong()).isEqualTo(2);
        assertThat(summary.get("offloadedFlows").asLong()).isEqualTo(2);
        assertThat(summary.get("packets").asLong()).isEqualTo(75021 + 6946);
        // offload_packets, not packets: two packets of each flow went through software first
        assertThat(summary.get("offloadedPackets").asLong()).isEqualTo(75019 + 6944);
        assertThat(summary.get("offloadedBytes").asLong()).isEqualTo(109521498L + 459532L);
        assertThat(summary.get("parseErrors").asLong()).isZero();
        JsonNode first = report.get("flows").get(0);
        assertThat(first.get("line").asInt()).isEqualTo(1);
        assertThat(first.get("ufid").asText()).isEqualTo("67c2e10f-92d4-4574-be70-d072815ff166");
        assertThat(first.get("status").asText()).isEqualTo("offloaded");
        assertThat(first.get("inPort").asText()).isEqualTo("d85b161b6840_h");
        assertThat(first.get("actions").get(1).asText()).isEqualTo("genev_sys_6081");
        assertThat(first.get("actions").get(0).asText()).startsWith("set(tunnel(tun_id=0x5,").contains("geneve({class=0x102");
        assertThat(first.get("reasons")).isEmpty();
        // the second line prints dp:tc before offloaded:yes and no space before actions
        assertThat(report.get("flows").get(1).get("status").asText()).isEqualTo("offloaded");
    }

    @Test
    void corigineDumpIsFullyOffloaded() throws IOException {
        JsonNode report = analyzeJson(dump("001-corigine-kube-ovn.txt"), "--nic", "corigine-agilio-cx");
        JsonNode summary = report.get("summary");
        assertThat(summary.get("flows").asLong()).isEqualTo(2);
        assertThat(summary.get("offloadedPackets").asLong()).isEqualTo(941539L + 82386659L);
        assertThat(summary.get("offloadRatio").asDouble()).isEqualTo(1.0);
        assertThat(report.get("byReason")).isEmpty();
    }

    @Test
    void yunsiliconDumpWithoutVerboseFieldsTakesTheFilterItWasDumpedWith() throws IOException {
        JsonNode unknown = analyzeJson(dump("002-yunsilicon-kube-ovn.txt"));
        assertThat(unknown.get("byStatus").fieldNames()).toIterable().containsExactly("unknown");
        assertThat(unknown.get("summary").get("offloadedFlows").asLong()).isZero();

        JsonNode report = analyzeJson(dump("002-yunsilicon-kube-ovn.txt"), "--assume-type", "offloaded");
        JsonNode summary = report.get("summary");
        assertThat(summary.get("flows").asLong()).isEqualTo(6);
        assertThat(summary.get("offloadedFlows").asLong()).isEqualTo(6);
        assertThat(summary.get("packets").asLong()).isEqualTo(34);
        assertThat(summary.get("offloadRatio").asDouble()).isEqualTo(1.0);
        // line 1 is the PMD header: flow lines keep their numbers in the input
        assertThat(report.get("flows").get(0).get("line").asInt()).isEqualTo(2);
        assertThat(report.get("flows").get(0).get("actions").toString()).isEqualTo("[\"ct(zone=4,nat)\",\"recirc(0x2d278)\"]");
        // recirc_id(0) flows 5 and 6 lead through ct recirculations to the output flows 7 and 4
        JsonNode chains = report.get("recircChains");
        assertThat(chains).hasSize(2);
        assertThat(chains.findValuesAsText("rootLine")).containsExactlyInAnyOrder("5", "6");
        assertThat(chains.get(0).get("lines").toString()).isIn("[5,2,7]", "[6,3,4]");
    }

    @Test
    void mellanoxNamesDumpGroupsPortsByName() throws IOException {
        JsonNode report = analyzeJson(dump("003-mellanox-antrea.txt"), "--assume-type", "offloaded");
        assertThat(report.get("summary").get("flows").asLong()).isEqualTo(4);
        assertThat(report.get("summary").get("packets").asLong()).isEqualTo(2235857L * 2 + 133410141L + 133410138L);
        assertThat(report.get("byInPort").findValuesAsText("port")).containsExactly("eth1", "eth0");
        assertThat(report.get("byOutPort").findValuesAsText("port")).containsExactly("eth0", "eth1");
        assertThat(report.get("recircChains").get(0).get("recircIds").get(0).asText()).isEqualTo("0x16");
    }

    @Test
    void explainsEveryFlowThatIsNotOffloaded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dump.txt");
        Files.writeString(file, String.join("\n",
                "flow-dump from the main thread:",
                "ufid:11111111-0000-0000-0000-000000000001, recirc_id(0),dp_hash(0/0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:1000, used:1.0s, dp:ovs, actions:userspace(pid=0,controller(reason=1,dont_send=0,continuation=0,recirc_id=1,rule_cookie=0,controller_id=0,max_len=65535))",
                "ufid:11111111-0000-0000-0000-000000000002, recirc_id(0x5),dp_hash(0x3/0xf),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:90, bytes:9000, used:1.0s, dp:tc, actions:3",
                "ufid:11111111-0000-0000-0000-000000000003, recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:100, bytes:10000, used:1.0s, offloaded:yes, dp:tc, actions:2",
                "ufid:11111111-0000-0000-0000-000000000004, recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:5, bytes:500, used:1.0s, dp:ovs, actions:2",
                "this is not a flow",
                ""));
        JsonNode report = analyzeJson(file.toString(), "--nic", "corigine-agilio-cx");
        JsonNode flows = report.get("flows");
        assertThat(flows).hasSize(4);
        assertThat(flows.get(0).get("status").asText()).isEqualTo("datapath");
        // dp_hash(0/0) is wildcarded in -m output: not a reason
        assertThat(flows.get(0).get("reasons").findValuesAsText("code")).containsExactly("action.userspace");
        assertThat(flows.get(1).get("status").asText()).isEqualTo("tc-software");
        assertThat(flows.get(1).get("reasons").findValuesAsText("code"))
                .containsExactly("match.dp_hash", "status.tc-software", "nic.corigine-agilio-cx.dp_hash");
        assertThat(flows.get(2).get("reasons")).isEmpty();
        assertThat(flows.get(3).get("reasons").findValuesAsText("code")).containsExactly("offloadable");
        assertThat(flows.get(3).get("reasons").get(0).get("remedy").asText()).contains("hw-offload=true");
        assertThat(report.get("errors")).hasSize(1);
        assertThat(report.get("errors").get(0).get("line").asInt()).isEqualTo(6);
        assertThat(report.get("errors").get(0).get("column").asInt()).isEqualTo(5);
        assertThat(report.get("summary").get("parseErrors").asInt()).isEqualTo(1);
        assertThat(report.get("summary").get("offloadRatio").asDouble()).isEqualTo(100.0 / 205);
        assertThat(report.get("topNotOffloaded").findValuesAsText("line")).containsExactly("3", "2", "5");
        assertThat(report.get("byReason").findValuesAsText("code")).startsWith("match.dp_hash");
    }

    /** --ovs-version judges a saved dump by the OVS that made it: TC offloads meters and check_pkt_len from 3.0. */
    @Test
    void ovsVersionLiftsTheLimitsItLifts(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("meter.txt"), "ufid:11111111-0000-0000-0000-000000000009,"
                + " recirc_id(0),in_port(2),eth_type(0x0800),ipv4(frag=no), packets:10, bytes:1000, used:1.0s, dp:ovs,"
                + " actions:meter(0),check_pkt_len(size=1514,gt(3),le(3))\n");
        assertThat(analyzeJson(file.toString()).get("flows").get(0).get("reasons").findValuesAsText("code"))
                .containsExactly("action.meter", "action.check_pkt_len");
        assertThat(analyzeJson(file.toString(), "--ovs-version", "2.17.9").get("flows").get(0).get("reasons")
                .findValuesAsText("code")).containsExactly("action.meter", "action.check_pkt_len");
        assertThat(analyzeJson(file.toString(), "--ovs-version", "3.0.0").get("flows").get(0).get("reasons")
                .findValuesAsText("code")).containsExactly("offloadable");

        CommandRun bad = CommandRun.of("flows", "analyze", file.toString(), "--ovs-version", "latest");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--ovs-version: 'latest' is not a version such as 3.1.0");
    }

    /**
     * --tc joins each flow to its TC filter by the ufid in the filter's cookie: "offloaded, yet 30% of its packets went
     * through software"; a flow with no filter, and a filter whose cookie matches no flow, are counted.
     */
    @Test
    void tcFiltersJoinTheirFlowsByCookie(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("dump.txt"), String.join("\n",
                "ufid:0452c0df-7203-4812-aa56-38dbf69f59e5, recirc_id(0),in_port(pf0vf1),eth_type(0x0800),"
                        + "ipv4(proto=6,frag=no), packets:100, bytes:9100, used:1.0s, offloaded:yes, dp:tc,"
                        + " actions:ct(zone=1),recirc(0x2)",
                "ufid:11111111-0000-0000-0000-000000000001, recirc_id(0),in_port(pf0vf2),eth_type(0x0800),ipv4(frag=no),"
                        + " packets:9, bytes:900, used:1.0s, dp:ovs, actions:pf0vf1", ""));
        Path tc = Files.writeString(dir.resolve("tc-pf0vf1.json"), "[{\"protocol\":\"ip\",\"pref\":2,\"kind\":"
                + "\"flower\",\"chain\":0,\"options\":{\"handle\":1,\"in_hw\":true,\"in_hw_count\":1,\"actions\":"
                + "[{\"order\":1,\"kind\":\"ct\",\"stats\":{\"bytes\":9100,\"packets\":100,\"sw_bytes\":2730,"
                + "\"sw_packets\":30,\"hw_bytes\":6370,\"hw_packets\":70},\"cookie\":"
                + "\"dfc0520412480372db3856aae5599ff6\"}]}},{\"protocol\":\"ip\",\"pref\":2,\"kind\":\"flower\","
                + "\"chain\":0,\"options\":{\"not_in_hw\":true,\"actions\":[{\"order\":1,\"kind\":\"mirred\","
                + "\"stats\":{\"bytes\":60,\"packets\":1},\"cookie\":\"00112233445566778899aabbccddeeff\"}]}}]\n");
        JsonNode report = analyzeJson(dump.toString(), "--tc", tc.toString());
        JsonNode flow = report.get("flows").get(0);
        assertThat(flow.get("tc").get("inHw").asBoolean()).isTrue();
        assertThat(flow.get("tcSoftwareShare").asDouble()).isEqualTo(0.3);
        assertThat(report.get("flows").get(1).has("tc")).isFalse();
        assertThat(report.get("tc").get("flowsWithFilter").asInt()).isEqualTo(1);
        assertThat(report.get("tc").get("flowsWithoutFilter").asInt()).isEqualTo(1);
        assertThat(report.get("tc").get("filtersWithoutFlow").get(0).asText()).isEqualTo("00112233445566778899aabbccddeeff");

        CommandRun table = CommandRun.of("flows", "analyze", dump.toString(), "--tc", tc.toString());
        assertThat(table.out()).contains("2 filters; 1 flows have one, 1 have none; 1 filters match no flow")
                .contains("30.0% of its packets went through software (30 of 100)");
        CommandRun bad = CommandRun.of("flows", "analyze", dump.toString(), "--tc", dump.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--tc: ");
    }

    /** ovs-vswitchd's "failed to offload flow" lines become reasons of the flows entering by the port they name. */
    @Test
    void vswitchdLogFailuresJoinTheFlowsOfTheirPort(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("dump.txt"), String.join("\n",
                "ufid:11111111-0000-0000-0000-00000000000a, ct_state(+rel+trk),recirc_id(0x2),in_port(pf0vf1),"
                        + "eth_type(0x0800),ipv4(frag=no), packets:9, bytes:900, used:1.0s, dp:tc, actions:pf0vf2",
                "ufid:11111111-0000-0000-0000-00000000000b, recirc_id(0),in_port(pf0vf2),eth_type(0x0800),ipv4(frag=no),"
                        + " packets:9, bytes:900, used:1.0s, dp:ovs, actions:pf0vf1", ""));
        Path log = Files.writeString(dir.resolve("ovs-vswitchd.log"), String.join("\n",
                "2026-11-30T08:15:11.377Z|00090|netlink_socket(handler4)|DBG|received NAK error=95 - mlx5_core:"
                        + " matching on ct_state +rel isn't supported",
                "2026-11-30T08:15:11.377Z|00091|dpif_offload_tc(handler4)|DBG|failed to offload flow: Operation not"
                        + " supported: pf0vf1",
                "2026-11-30T08:15:20.000Z|00094|netdev_offload_tc(handler1)|ERR|flow_put: recirc_id sharing not supported",
                ""));
        JsonNode report = analyzeJson(dump.toString(), "--vswitchd-log", log.toString());
        assertThat(report.get("flows").get(0).get("reasons").findValuesAsText("code")).contains("log.failed_to_offload");
        assertThat(report.get("flows").get(0).get("reasons").toString()).contains("matching on ct_state +rel isn't supported");
        assertThat(report.get("flows").get(1).get("reasons").findValuesAsText("code")).containsExactly("offloadable");
        assertThat(report.get("vswitchdLog").get("failures").get(0).get("port").asText()).isEqualTo("pf0vf1");
        assertThat(report.get("vswitchdLog").get("refused").get(0).get("text").asText())
                .isEqualTo("flow_put: recirc_id sharing not supported");

        CommandRun missing = CommandRun.of("flows", "analyze", dump.toString(), "--vswitchd-log", dir.resolve("no.log").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--vswitchd-log: no such file");
    }

    @Test
    void tableNamesTheReasonsAndTheirRemedies() {
        CommandRun run = CommandRun.of("flows", "analyze", dump("002-yunsilicon-kube-ovn.txt"));
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("flows    6")
                .contains("no -m fields")
                .contains("offloadable")
                .contains("Recirculation chains")
                .contains("5->2->7");
    }

    @Test
    void readsStdin() throws IOException {
        String text = Files.readString(DUMPS.resolve("001-corigine-kube-ovn.txt"));
        CommandRun run = CommandRun.withStdin(text, "flows", "analyze", "-", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(JSON.readTree(run.out()).get("source").asText()).isEqualTo("stdin");
        assertThat(JSON.readTree(run.out()).get("summary").get("flows").asInt()).isEqualTo(2);
    }

    @Test
    void prometheusExpositionHasEveryStatusSeries() {
        CommandRun run = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "-o", "prometheus");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("# TYPE hwoffload_offload_ratio gauge")
                .contains("hwoffload_offload_ratio 0.999951")
                .contains("hwoffload_datapath_flows{status=\"offloaded\"} 2")
                .contains("hwoffload_datapath_flows{status=\"datapath\"} 0")
                .contains("hwoffload_datapath_packets{status=\"offloaded\"} 81967")
                .contains("hwoffload_flow_dump_parse_errors 0");
    }

    @Test
    void failBelowGatesOnThePacketRatio() {
        assertThat(CommandRun.of("flows", "analyze", dump("002-yunsilicon-kube-ovn.txt"), "--fail-below", "0.5").exitCode())
                .isEqualTo(1);
        assertThat(CommandRun.of("flows", "analyze", dump("002-yunsilicon-kube-ovn.txt"), "--fail-below", "0.5",
                "--assume-type", "offloaded").exitCode()).isZero();
        CommandRun run = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--fail-below", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("0.999951 (81963 of 81967) is below --fail-below 1.0");
    }

    /** Seed 003's own command takes the dump without -m: where its flows run is unknown, which is not 0. */
    @Test
    void aDumpWithoutOffloadFieldsHasAnUnknownRatioNotZero() throws IOException {
        JsonNode summary = analyzeJson(dump("003-mellanox-antrea.txt")).get("summary");
        assertThat(summary.get("packets").asLong()).isPositive();
        assertThat(summary.get("offloadRatio").isNull()).isTrue();
        assertThat(summary.get("flowOffloadRatio").isNull()).isTrue();
        assertThat(summary.get("offloadRatioUnknown").asText()).contains("no -m fields").contains("--assume-type");

        CommandRun table = CommandRun.of("flows", "analyze", dump("003-mellanox-antrea.txt"));
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).containsPattern("packets +\\d+ +0 +unknown")
                .contains("offload ratio unknown: the dump has no -m fields: take it with 'dpctl/dump-flows -m', or say"
                        + " which type= filter it was taken with: --assume-type")
                .doesNotContain("0.0%");

        CommandRun prometheus = CommandRun.of("flows", "analyze", dump("003-mellanox-antrea.txt"), "-o", "prometheus");
        assertThat(prometheus.out()).contains("\nhwoffload_offload_ratio NaN\n");

        CommandRun gate = CommandRun.of("flows", "analyze", dump("003-mellanox-antrea.txt"), "--fail-below", "0.9");
        assertThat(gate.exitCode()).isEqualTo(1);
        assertThat(gate.err()).contains("the offloaded share of packets is unknown, so --fail-below 0.9 cannot pass")
                .contains("no -m fields").doesNotContain("0.000000");
    }

    @Test
    void aRatioShortOfAllIsNeverPrintedAsAHundredPercent() {
        CommandRun run = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"));
        assertThat(run.out()).containsPattern("packets +81967 +81963 +99\\.9%\\n").containsPattern("flows +2 +2 +100\\.0%\\n");
    }

    /** Input that is not a datapath dump fails (exit 1) and says what it is, instead of "0 flows, 0.0%". */
    @Test
    void inputThatIsNotADatapathDumpFailsSayingWhatItIs(@TempDir Path dir) throws IOException {
        Path openflow = Files.writeString(dir.resolve("of.txt"), """
                 cookie=0x0, duration=12.3s, table=0, n_packets=10, n_bytes=840, priority=100,in_port=1 actions=output:2
                 cookie=0x0, duration=12.3s, table=0, n_packets=0, n_bytes=0, priority=0 actions=NORMAL
                """);
        assertNotADump(openflow, "none of its 2 line(s) is a flow (2 could not be read); this is OpenFlow flows"
                + " (ovs-ofctl dump-flows), not datapath flows; take the dump with 'ovs-appctl dpctl/dump-flows -m'");

        Path appctl = Files.writeString(dir.resolve("err.txt"),
                "2026-12-07T10:00:00Z|00001|unixctl|WARN|failed to connect to /var/run/openvswitch/ovs-vswitchd.ctl\n"
                        + "ovs-appctl: cannot connect to \"/var/run/openvswitch/ovs-vswitchd.ctl\" (No such file or directory)\n");
        assertNotADump(appctl, "this is log messages of an OVS program, not a dump");
        Files.writeString(appctl, "ovs-appctl: cannot connect to \"/run/openvswitch/ovs-vswitchd.ctl\"\n");
        assertNotADump(appctl, "this is an error from ovs-appctl, not a dump");

        Path readme = Files.writeString(dir.resolve("README.md"), "# hwoffload\n\nOVS hardware offload.\n");
        assertNotADump(readme, "none of its 3 line(s) is a flow (2 could not be read); the first unreadable line is"
                + " '# hwoffload'");

        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertNotADump(empty, empty + " is empty: there is no datapath flow to analyze");

        CommandRun json = CommandRun.of("flows", "analyze", openflow.toString(), "-o", "json");
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(json.out()).get("errors")).hasSize(2);
    }

    private static void assertNotADump(Path file, String message) {
        CommandRun run = CommandRun.of("flows", "analyze", file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).startsWith("hwoffload: ").contains(message).doesNotContain("Exception");
    }

    @Test
    void badInputIsAUsageErrorThatNamesTheFix() {
        CommandRun missing = CommandRun.of("flows", "analyze", "/nonexistent/dump.txt");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("/nonexistent/dump.txt does not exist").contains("dump-flows -m");

        CommandRun nic = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--nic", "acme-9000");
        assertThat(nic.exitCode()).isEqualTo(2);
        assertThat(nic.err()).contains("unknown NIC model 'acme-9000'").contains("corigine-agilio-cx");

        CommandRun type = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--assume-type", "fast");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err()).contains("--assume-type").contains("partially-offloaded");

        CommandRun none = CommandRun.of("flows", "analyze");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--target CTL_SOCKET");

        CommandRun both = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--target", "/tmp/x.ctl");
        assertThat(both.exitCode()).isEqualTo(2);

        CommandRun watchFile = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--watch", "1s");
        assertThat(watchFile.exitCode()).isEqualTo(2);
        assertThat(watchFile.err()).contains("--watch");

        CommandRun ratio = CommandRun.of("flows", "analyze", dump("000-yusur-kube-ovn.txt"), "--fail-below", "90");
        assertThat(ratio.exitCode()).isEqualTo(2);
        assertThat(ratio.err()).contains("between 0 and 1");

        CommandRun duration = CommandRun.of("flows", "analyze", "--target", "/tmp/x.ctl", "--watch", "soon");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("'soon' is not a duration");
    }

    @Test
    void unreachableSocketIsAFailureNotACrash(@TempDir Path dir) {
        CommandRun run = CommandRun.of("flows", "analyze", "--target", dir.resolve("ovs-vswitchd.1.ctl").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to").contains("is ovs-vswitchd running").doesNotContain("Exception");

        CommandRun rundir = CommandRun.of("flows", "analyze", "--ovs-rundir", dir.toString());
        assertThat(rundir.exitCode()).isEqualTo(2);
        assertThat(rundir.err()).contains("no ovs-vswitchd.<pid>.ctl socket in");
    }

    @Test
    void helpVersionAndCompletion() {
        assertThat(CommandRun.of("--version").out()).startsWith("hwoffload 0.");
        CommandRun help = CommandRun.of("flows", "analyze", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--assume-type").contains("Examples:").contains("corigine-agilio-cx");
        CommandRun completion = CommandRun.of("generate-completion");
        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).contains("complete -F").contains("analyze");
    }
}
