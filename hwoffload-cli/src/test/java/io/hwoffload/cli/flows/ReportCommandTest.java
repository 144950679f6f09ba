package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.report.OffloadRatio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hwoffload flows report}: the page says what {@code flows analyze -o json} says, and draws the graph. */
class ReportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes the report of a dump and reads it back. */
    static ReportPage report(Path output, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("flows", "report", "-o", output.toString()));
        argv.addAll(List.of(args));
        CommandRun run = CommandRun.of(argv.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + output);
        return ReportPage.parse(Files.readString(output));
    }

    private static JsonNode analyze(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("flows", "analyze", "-o", "json"));
        argv.addAll(List.of(args));
        CommandRun run = CommandRun.of(argv.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    static String dump(String name) {
        return AnalyzeCommandTest.DUMPS.resolve(name).toString();
    }

    static Stream<Arguments> seedDumps() {
        return Stream.of(
                Arguments.of("000-yusur-kube-ovn.txt", List.of(), Set.of()),
                Arguments.of("001-corigine-kube-ovn.txt", List.of("--nic", "corigine-agilio-cx"), Set.of()),
                Arguments.of("002-yunsilicon-kube-ovn.txt", List.of(), Set.of("5->2", "2->7", "6->3", "3->4")),
                Arguments.of("002-yunsilicon-kube-ovn.txt", List.of("--assume-type", "offloaded"),
                        Set.of("5->2", "2->7", "6->3", "3->4")),
                Arguments.of("003-mellanox-antrea.txt", List.of("--assume-type", "offloaded"), Set.of("1->2", "3->4")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("seedDumps")
    void pageSaysWhatTheAnalysisSays(String name, List<String> options, Set<String> recirculations, @TempDir Path dir)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(dump(name)));
        args.addAll(options);
        JsonNode analysis = analyze(args.toArray(String[]::new));
        ReportPage page = report(dir.resolve("report.html"), args.toArray(String[]::new));
        JsonNode summary = analysis.get("summary");

        Element packets = page.byId("ratio-packets");
        assertThat(packets.getAttribute("data-offloaded")).isEqualTo(summary.get("offloadedPackets").asText());
        assertThat(packets.getAttribute("data-total")).isEqualTo(summary.get("packets").asText());
        if (summary.get("offloadRatio").isNull()) {
            assertThat(packets.getAttribute("data-ratio")).isEqualTo("unknown");
            assertThat(packets.getTextContent()).contains("unknown");
        } else {
            assertThat(Double.parseDouble(packets.getAttribute("data-ratio"))).isEqualTo(summary.get("offloadRatio").asDouble());
            assertThat(packets.getTextContent()).contains(HtmlReportPage.percent(new OffloadRatio(
                    summary.get("offloadedPackets").asLong(), summary.get("packets").asLong(), null)));
        }
        Element flows = page.byId("ratio-flows");
        assertThat(flows.getAttribute("data-offloaded")).isEqualTo(summary.get("offloadedFlows").asText());
        assertThat(flows.getAttribute("data-total")).isEqualTo(summary.get("flows").asText());
        assertThat(flows.getAttribute("data-ratio")).isEqualTo(summary.get("flowOffloadRatio").isNull() ? "unknown"
                : String.valueOf(summary.get("flowOffloadRatio").asDouble()));

        for (Element row : page.all("//*[@id='by-status']//*[@data-status]")) {
            JsonNode totals = analysis.get("byStatus").get(row.getAttribute("data-status"));
            assertThat(row.getAttribute("data-flows")).isEqualTo(totals == null ? "0" : totals.get("flows").asText());
            assertThat(row.getAttribute("data-packets")).isEqualTo(totals == null ? "0" : totals.get("packets").asText());
        }
        assertThat(page.all("//*[@id='by-status']//*[@data-status]")).hasSize(5);

        List<String> reasons = page.all("//*[@id='reasons']//*[@data-code]").stream()
                .map(row -> row.getAttribute("data-code") + " " + row.getAttribute("data-flows") + " " + row.getAttribute("data-packets"))
                .toList();
        List<String> expectedReasons = new ArrayList<>();
        analysis.get("byReason").forEach(r -> expectedReasons.add(r.get("code").asText() + " " + r.get("flows").asText()
                + " " + r.get("packets").asText()));
        assertThat(reasons).containsExactlyElementsOf(expectedReasons);

        // one node per flow, coloured by its status; one edge per recirculation
        Map<String, String> statusByLine = new HashMap<>();
        analysis.get("flows").forEach(flow -> statusByLine.put(flow.get("line").asText(), flow.get("status").asText()));
        Map<String, String> drawn = page.graphNodes().stream().collect(Collectors.toMap(
                node -> node.getAttribute("data-line"), node -> node.getAttribute("class")));
        assertThat(drawn).hasSize(summary.get("flows").asInt());
        statusByLine.forEach((line, status) -> assertThat(drawn.get(line)).isEqualTo("node status-" + status));
        assertThat(page.graphEdges()).map(edge -> edge.getAttribute("data-from") + "->" + edge.getAttribute("data-to"))
                .containsExactlyInAnyOrderElementsOf(recirculations);
        assertThat(page.byId("graph-summary").getAttribute("data-left-out")).isEqualTo("0");
    }

    @Test
    void graphColumnsFollowTheRecirculationDepth(@TempDir Path dir) throws IOException {
        ReportPage page = report(dir.resolve("report.html"), dump("002-yunsilicon-kube-ovn.txt"));
        Map<String, String> columns = page.graphNodes().stream().collect(Collectors.toMap(
                node -> node.getAttribute("data-line"), node -> node.getAttribute("data-column")));
        // recirc_id(0) flows 5 and 6, their ct recirculations 2 and 3, then the output flows 7 and 4
        assertThat(columns).containsExactlyInAnyOrderEntriesOf(Map.of("5", "0", "6", "0", "2", "1", "3", "1", "7", "2", "4", "2"));
        Element five = page.one("//*[local-name()='g'][@data-line='5']");
        assertThat(five.getTextContent()).contains("line 5 in_port(15)").contains("6 packets")
                .contains("recirc_id(0),in_port(15),packet_type(ns=0,id=0)");
    }

    @Test
    void graphIsCappedAndSaysHowManyFlowsItLeftOut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dump.txt");
        Files.writeString(file, String.join("\n",
                "recirc_id(0),in_port(1),eth_type(0x0800), packets:1000, bytes:1, dp:tc, offloaded:yes, actions:ct(zone=1),recirc(0x1)",
                "recirc_id(0x1),in_port(1),eth_type(0x0800), packets:1, bytes:1, dp:ovs, actions:2",
                "recirc_id(0x1),in_port(1),eth_type(0x0800), packets:2, bytes:1, dp:ovs, actions:2",
                "recirc_id(0x1),in_port(1),eth_type(0x0800), packets:3, bytes:1, dp:tc, actions:2",
                "recirc_id(0),in_port(3),eth_type(0x0800), packets:500, bytes:1, dp:tc, offloaded:yes, actions:4",
                "recirc_id(0),in_port(3),eth_type(0x0806), packets:400, bytes:1, dp:tc, offloaded:yes, actions:4",
                "recirc_id(0),in_port(3),eth_type(0x86dd), packets:300, bytes:1, dp:tc, offloaded:yes, actions:4",
                ""));
        ReportPage page = report(dir.resolve("report.html"), file.toString(), "--max-nodes", "2");
        // the two busiest (lines 1 and 5) and the two busiest of the three flows line 1 recirculates to
        assertThat(page.graphNodes()).map(node -> node.getAttribute("data-line")).containsExactlyInAnyOrder("1", "3", "4", "5");
        assertThat(page.graphEdges()).map(edge -> edge.getAttribute("data-from") + "->" + edge.getAttribute("data-to"))
                .containsExactlyInAnyOrder("1->3", "1->4");
        Element summary = page.byId("graph-summary");
        assertThat(summary.getAttribute("data-left-out")).isEqualTo("3");
        assertThat(summary.getTextContent()).contains("4 of 7 flows").contains("3 flows left out")
                .contains("1 of them linked to a flow drawn").contains("--max-nodes");
        assertThat(page.one("//*[local-name()='g'][@data-line='4']").getAttribute("class")).isEqualTo("node status-tc-software");
        assertThat(page.one("//*[local-name()='g'][@data-line='3']").getAttribute("class")).isEqualTo("node status-datapath");
    }

    @Test
    void textFromTheInputIsEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("<script>alert('file')&<.txt");
        Files.writeString(file, String.join("\n",
                "recirc_id(0),in_port(\"<script>alert(1)</script>\"),eth_type(0x0800), packets:10, bytes:100, used:1.0s,"
                        + " dp:ovs, actions:\"<img src=x onerror=alert(2)>\"",
                "<script>alert(3)</script>",
                ""));
        Path output = dir.resolve("report.html");
        ReportPage page = report(output, file.toString());
        assertThat(page.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;script&gt;alert(&#39;file&#39;)&amp;&lt;.txt");
        // the parser unescapes what the page escaped: the text is shown as it was
        assertThat(page.byId("source").getTextContent()).isEqualTo(file.toString());
        assertThat(page.one("/html/head/title").getTextContent()).isEqualTo("Datapath flow offload: " + file);
        Element node = page.one("//*[local-name()='g'][@data-line='1']");
        assertThat(node.getTextContent()).contains("in_port(\"<script>alert(1)</script>\")")
                .contains("actions:\"<img src=x onerror=alert(2)>\"");
        assertThat(page.all("//*[@id='errors']//tr/td").stream().map(Element::getTextContent).toList())
                .startsWith("2", "1").element(2).asString().contains("'<'");
    }

    @Test
    void pageFetchesNothing(@TempDir Path dir) throws IOException {
        ReportPage page = report(dir.resolve("report.html"), dump("002-yunsilicon-kube-ovn.txt"), "--nic", "yunsilicon-metascale");
        String withoutNamespaces = page.html().replace("xmlns=\"http://www.w3.org/1999/xhtml\"", "")
                .replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        assertThat(withoutNamespaces).doesNotContain("http:").doesNotContain("https:").doesNotContain("@import");
        assertThat(withoutNamespaces.replace("url(#arrow)", "")).doesNotContain("url(");
        assertThat(page.all("//*[local-name()='script' or local-name()='link' or local-name()='img' or local-name()='iframe'"
                + " or local-name()='object' or local-name()='embed' or @src or @href]")).isEmpty();
    }

    @Test
    void listsTheLimitsOfTheNicNamed(@TempDir Path dir) throws IOException {
        ReportPage corigine = report(dir.resolve("corigine.html"), dump("001-corigine-kube-ovn.txt"), "--nic", "corigine-agilio-cx");
        assertThat(corigine.all("//*[@id='nic-limits']/tbody/tr")).map(row -> row.getElementsByTagName("code").item(0).getTextContent())
                .containsExactly("nic.corigine-agilio-cx.dp_hash", "nic.corigine-agilio-cx.hash");
        assertThat(corigine.byId("reasons-none").getTextContent()).contains("Every flow is offloaded");

        ReportPage mellanox = report(dir.resolve("mellanox.html"), dump("003-mellanox-antrea.txt"), "--nic", "mellanox-connectx5");
        assertThat(mellanox.all("//*[@id='nic-limits']/tbody/tr")).map(row -> row.getElementsByTagName("code").item(0).getTextContent())
                .containsExactly("nic.mellanox-connectx5.ct_state_rel_inv", "nic.mellanox-connectx5.ct_icmp",
                        "nic.mellanox-connectx5.dp_hash", "nic.mellanox-connectx5.hash");
        assertThat(mellanox.html()).contains("Mellanox ConnectX-5");

        ReportPage yusur = report(dir.resolve("yusur.html"), dump("000-yusur-kube-ovn.txt"), "--nic", "yusur-conflux-2200e");
        assertThat(yusur.byId("nic-limits-none").getTextContent()).contains("yusur-conflux-2200e");
    }

    /**
     * --by pod adds the per-pod table, from a --names dump and saved 'ovs-vsctl --format=json list' rows: Kube-OVN's
     * keys on the Interface, Antrea's on the Port, in the format ovs-vsctl prints (headings, data, OVSDB datums).
     */
    @Test
    void byPodAddsThePerPodTable(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("dump.txt"), String.join("\n",
                "ufid:11111111-0000-0000-0000-000000000001, recirc_id(0),in_port(pf0vf0),eth_type(0x0800),ipv4(frag=no),"
                        + " packets:100, bytes:1, used:1s, offloaded:yes, dp:tc, actions:pf0vf1",
                "ufid:11111111-0000-0000-0000-000000000002, recirc_id(0),in_port(pf0vf1),eth_type(0x0800),ipv4(frag=no),"
                        + " packets:40, bytes:1, used:1s, dp:ovs, actions:userspace(pid=1),pf0vf0", ""));
        Path ports = Files.writeString(dir.resolve("ports.json"), String.join("\n",
                "{\"data\":[[[\"uuid\",\"a1\"],[\"map\",[[\"pod_name\",\"web-0\"],[\"pod_namespace\",\"shop\"]]],"
                        + "\"pf0vf0\",\"\"],[[\"uuid\",\"a2\"],[\"map\",[]],\"pf0vf1\",\"\"]],"
                        + "\"headings\":[\"_uuid\",\"external_ids\",\"name\",\"type\"]}",
                "{\"data\":[[[\"uuid\",\"p2\"],[\"map\",[[\"pod-name\",\"db-0\"],[\"pod-namespace\",\"shop\"]]],"
                        + "[\"uuid\",\"a2\"],\"pf0vf1\"]],\"headings\":[\"_uuid\",\"external_ids\",\"interfaces\",\"name\"]}",
                ""));
        ReportPage page = report(dir.resolve("pods.html"), dump.toString(), "--by", "pod", "--ports", ports.toString());
        assertThat(page.all("//*[@id='by-pod']/tbody/tr")).map(row -> row.getAttribute("data-pod"))
                .containsExactly("shop/db-0", "shop/web-0");
        assertThat(page.byId("by-pod").getTextContent()).contains("action.userspace").contains("pf0vf0");
    }

    @Test
    void readsStdinThroughACopyItRemoves(@TempDir Path dir) throws IOException {
        String text = Files.readString(AnalyzeCommandTest.DUMPS.resolve("003-mellanox-antrea.txt"));
        Path output = dir.resolve("report.html");
        CommandRun run = CommandRun.withStdin(text, "flows", "report", "-", "-o", output.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        ReportPage page = ReportPage.parse(Files.readString(output));
        assertThat(page.byId("source").getTextContent()).isEqualTo("stdin");
        assertThat(page.byId("taken").getTextContent()).endsWith("UTC");
        assertThat(page.graphEdges()).hasSize(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(output);
        }
    }

    @Test
    void usageErrorsNameTheOptionAndTheFix(@TempDir Path dir) throws IOException {
        CommandRun noOutput = CommandRun.of("flows", "report", dump("000-yusur-kube-ovn.txt"));
        assertThat(noOutput.exitCode()).isEqualTo(2);
        assertThat(noOutput.err()).contains("Missing required option: '--output=FILE'");

        Path existing = dir.resolve("report.html");
        Files.writeString(existing, "the previous report");
        CommandRun missingDump = CommandRun.of("flows", "report", dir.resolve("nope.txt").toString(), "-o", existing.toString());
        assertThat(missingDump.exitCode()).isEqualTo(2);
        assertThat(missingDump.err()).contains("nope.txt does not exist").contains("dump-flows -m");
        // a failed run leaves the previous report, and nothing else
        assertThat(Files.readString(existing)).isEqualTo("the previous report");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(existing);
        }

        CommandRun noDirectory = CommandRun.of("flows", "report", dump("000-yusur-kube-ovn.txt"), "-o",
                dir.resolve("missing/report.html").toString());
        assertThat(noDirectory.exitCode()).isEqualTo(2);
        assertThat(noDirectory.err()).contains("-o ").contains("does not exist; create it first");

        CommandRun isDirectory = CommandRun.of("flows", "report", dump("000-yusur-kube-ovn.txt"), "-o", dir.toString());
        assertThat(isDirectory.exitCode()).isEqualTo(2);
        assertThat(isDirectory.err()).contains("is a directory").contains("report.html");

        CommandRun nic = CommandRun.of("flows", "report", dump("000-yusur-kube-ovn.txt"), "-o", existing.toString(), "--nic", "acme-9000");
        assertThat(nic.exitCode()).isEqualTo(2);
        assertThat(nic.err()).contains("unknown NIC model 'acme-9000'");

        CommandRun nodes = CommandRun.of("flows", "report", dump("000-yusur-kube-ovn.txt"), "-o", existing.toString(), "--max-nodes", "0");
        assertThat(nodes.exitCode()).isEqualTo(2);
        assertThat(nodes.err()).contains("--max-nodes");

        CommandRun none = CommandRun.of("flows", "report", "-o", existing.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("--target CTL_SOCKET");

        Path dump = dir.resolve("dump.txt");
        Files.copy(AnalyzeCommandTest.DUMPS.resolve("000-yusur-kube-ovn.txt"), dump);
        CommandRun overDump = CommandRun.of("flows", "report", dump.toString(), "-o", dir.resolve(".").resolve("dump.txt").toString());
        assertThat(overDump.exitCode()).isEqualTo(2);
        assertThat(overDump.err()).contains("is the dump being read");
        assertThat(Files.readString(dump)).isEqualTo(Files.readString(AnalyzeCommandTest.DUMPS.resolve("000-yusur-kube-ovn.txt")));
    }

    @Test
    void secondReadNoticesADumpThatChanged() {
        String flow = "recirc_id(0),in_port(1), packets:5, bytes:1, actions:2";
        OffloadAnalyzer analyzer = new OffloadAnalyzer(new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty()),
                OffloadStatus.UNKNOWN, 0);
        BusiestFlows busiest = new BusiestFlows(10);
        busiest.add(analyzer.accept(1, flow));

        RecircGraphCollector same = new RecircGraphCollector(busiest.selection(), 10, OffloadStatus.UNKNOWN);
        same.accept(1, flow);
        assertThat(same.sameAsFirstRead()).isTrue();
        RecircGraphCollector counted = new RecircGraphCollector(busiest.selection(), 10, OffloadStatus.UNKNOWN);
        counted.accept(1, flow.replace("packets:5", "packets:9"));
        assertThat(counted.sameAsFirstRead()).isFalse();
        RecircGraphCollector shorter = new RecircGraphCollector(busiest.selection(), 10, OffloadStatus.UNKNOWN);
        shorter.accept(1, "");
        assertThat(shorter.sameAsFirstRead()).isFalse();
    }

    /** OpenFlow (the classic mix-up) gets no page about 0 packets: exit 1, what it is, and no file. */
    @Test
    void inputThatIsNotADatapathDumpGetsNoPage(@TempDir Path dir) throws IOException {
        Path openflow = Files.writeString(dir.resolve("of.txt"), "NXST_FLOW reply (xid=0x4):\n"
                + " cookie=0x0, duration=5.1s, table=0, n_packets=7, n_bytes=588, idle_age=1, priority=0 actions=NORMAL\n");
        Path output = dir.resolve("out").resolve("report.html");
        Files.createDirectories(output.getParent());
        CommandRun run = CommandRun.of("flows", "report", openflow.toString(), "-o", output.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(openflow + " is not a datapath flow dump").contains("OpenFlow flows (ovs-ofctl dump-flows)")
                .contains("dpctl/dump-flows -m");
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void unreadableLinesBesideFlowsAreCountedInWhatItSays(@TempDir Path dir) throws IOException {
        Path dump = Files.writeString(dir.resolve("d.txt"), "recirc_id(0),in_port(2),eth_type(0x0800), packets:10,"
                + " bytes:100, used:1.0s, dp:ovs, actions:3\nnot a flow\nnor this\n");
        CommandRun run = CommandRun.of("flows", "report", dump.toString(), "-o", dir.resolve("r.html").toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("0.00% of 10 packets offloaded, 1 flows, 2 line(s) could not be read");
    }

    @Test
    void unreachableSocketIsAFailureAndLeavesNoFile(@TempDir Path dir) throws IOException {
        Path output = dir.resolve("out").resolve("report.html");
        Files.createDirectories(output.getParent());
        CommandRun run = CommandRun.of("flows", "report", "--target", dir.resolve("ovs-vswitchd.1.ctl").toString(),
                "-o", output.toString(), "--timeout", "2s");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot connect to").doesNotContain("Exception");
        try (Stream<Path> files = Files.list(output.getParent())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void helpTeaches() {
        CommandRun help = CommandRun.of("flows", "report", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("-o, --output=FILE").contains("--max-nodes").contains("--assume-type")
                .contains("--ovs-rundir").contains("recirc_id(0xN)").contains("Examples:")
                .contains("hwoffload flows report dump.txt --max-nodes 50 -o report.html");
        assertThat(CommandRun.of("flows", "--help").out()).contains("report");
    }
}
