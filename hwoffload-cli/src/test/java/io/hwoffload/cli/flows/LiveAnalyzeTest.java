package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.host.ovs.HostFootprint;
import io.hwoffload.host.ovs.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code flows analyze} live from a real ovs-vswitchd (userspace datapath in its own namespace):
 * over the unixctl socket, found by path or by run directory, and re-sampled with --watch while
 * UDP traffic runs between two pod namespaces.
 */
@Timeout(60)
class LiveAnalyzeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sends UDP datagrams to ADDR:PORT for SECONDS, 200 a second. */
    private static final String UDP_STREAM = String.join("\n",
            "import socket, sys, time",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "end = time.time() + float(sys.argv[3])",
            "while time.time() < end:",
            "    u.sendto(b'x' * 64, (sys.argv[1], int(sys.argv[2])))",
            "    time.sleep(0.005)");

    private static HostFootprint before;
    private static OvsSandbox sandbox;
    private static Process traffic;

    @BeforeAll
    static void startOvsAndTraffic() throws Exception {
        before = HostFootprint.take();
        sandbox = OvsSandbox.start(2);
        sandbox.ofctl("OpenFlow13", "add-flow", "priority=10,actions=NORMAL");
        traffic = sandbox.startInPod(1, "/usr/bin/python3", "-c", UDP_STREAM, OvsSandbox.podAddress(2), "7000", "20");
        Thread.sleep(500); // the first packets install the datapath flows
    }

    @AfterAll
    static void stop() throws Exception {
        if (traffic != null) {
            traffic.destroyForcibly();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @Test
    void analyzesTheLiveDatapathByRunDirectory() throws Exception {
        CommandRun run = CommandRun.of("flows", "analyze", "--ovs-rundir", sandbox.runDir().toString(), "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("source").asText()).contains(sandbox.controlSocket().toString());
        assertThat(report.get("summary").get("flows").asInt()).isPositive();
        assertThat(report.get("summary").get("parseErrors").asInt()).isZero();
        // The userspace datapath has no TC: every flow is dp:ovs and nothing is offloaded.
        assertThat(report.get("byStatus").fieldNames()).toIterable().containsExactly("datapath");
        assertThat(report.get("flows").findValuesAsText("ufid")).allMatch(ufid -> ufid.matches("[0-9a-f-]{36}"));
        assertThat(report.get("summary").get("packets").asLong()).isPositive();
    }

    /**
     * Is my pod's traffic in the NIC: the flows by the pod whose port they enter or leave by, the pods named by their
     * CNI's keys (pod 1 as Kube-OVN plugs it, on the Interface; pod 2 as Antrea does, on the Port), live over OVSDB
     * and from saved ovs-vsctl output with a --names dump.
     */
    @Test
    void byPodNamesEachPodWithItsPacketsLiveAndFromSavedRows(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        sandbox.vsctl("set", "Interface", sandbox.ovsPort(1), "external_ids:pod_name=web-0",
                "external_ids:pod_namespace=shop", "external_ids:iface-id=web-0.shop");
        sandbox.vsctl("set", "Port", sandbox.ovsPort(2), "external_ids:pod-name=db-0", "external_ids:pod-namespace=shop");

        CommandRun live = CommandRun.of("flows", "analyze", "--ovs-rundir", sandbox.runDir().toString(), "--by", "pod",
                "-o", "json");
        assertThat(live.exitCode()).as(live.err()).isZero();
        JsonNode report = JSON.readTree(live.out());
        assertThat(report.get("source").asText()).contains("judged for Open vSwitch 3.");
        assertPods(report);

        java.nio.file.Path dump = java.nio.file.Files.writeString(dir.resolve("dump.txt"),
                sandbox.appctl("dpctl/dump-flows", "-m", "--names").stdout());
        java.nio.file.Path ports = java.nio.file.Files.writeString(dir.resolve("ports.json"),
                sandbox.vsctl("--format=json", "list", "Interface").stdout() + sandbox.vsctl("--format=json", "list", "Port").stdout());
        CommandRun saved = CommandRun.of("flows", "analyze", dump.toString(), "--by", "pod", "--ports", ports.toString(),
                "-o", "json");
        assertThat(saved.exitCode()).as(saved.err()).isZero();
        assertPods(JSON.readTree(saved.out()));

        CommandRun table = CommandRun.of("flows", "analyze", dump.toString(), "--by", "pod", "--ports", ports.toString());
        assertThat(table.out()).contains("By pod").contains("shop/web-0").contains("shop/db-0");
        CommandRun prometheus = CommandRun.of("flows", "analyze", dump.toString(), "--by", "pod", "--ports",
                ports.toString(), "-o", "prometheus");
        assertThat(prometheus.out()).contains("hwoffload_pod_offload_ratio{namespace=\"shop\",pod=\"web-0\"} 0.000000");

        CommandRun noPorts = CommandRun.of("flows", "analyze", dump.toString(), "--by", "pod");
        assertThat(noPorts.exitCode()).isEqualTo(2);
        assertThat(noPorts.err()).contains("--ports FILE");
    }

    private static void assertPods(JsonNode report) {
        JsonNode pods = report.get("byPod");
        assertThat(pods.findValuesAsText("pod")).containsExactlyInAnyOrder("web-0", "db-0");
        for (JsonNode pod : pods) {
            assertThat(pod.get("namespace").asText()).isEqualTo("shop");
            assertThat(pod.get("packets").asLong()).as(pod.toString()).isPositive();
            assertThat(pod.get("offloadedPackets").asLong()).as("the userspace datapath offloads nothing").isZero();
            assertThat(pod.get("flows").asLong()).isPositive();
        }
        assertThat(pods.findValuesAsText("ports").toString()).isNotNull();
        JsonNode web = pods.get(pods.get(0).get("pod").asText().equals("web-0") ? 0 : 1);
        assertThat(web.get("ports").get(0).asText()).isEqualTo(sandbox.ovsPort(1));
    }

    @Test
    void analyzesTheLiveDatapathBySocketWithNames() throws Exception {
        CommandRun run = CommandRun.of("flows", "analyze", "--target", sandbox.controlSocket().toString(), "--names",
                "-o", "json", "--fail-below", "0.5");
        assertThat(run.exitCode()).as("nothing is offloaded, so the gate fails").isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.get("flows").findValuesAsText("inPort")).contains(sandbox.ovsPort(1));
    }

    @Test
    void watchReportsPacketRatesBetweenSamples() {
        CommandRun run = CommandRun.of("flows", "analyze", "--target", sandbox.controlSocket().toString(),
                "--watch", "1s", "--count", "2", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> samples = new ArrayList<>();
        for (String line : run.out().strip().split("\n")) {
            samples.add(readTree(line));
        }
        assertThat(samples).hasSize(2);
        for (JsonNode sample : samples) {
            assertThat(sample.get("seconds").asDouble()).isBetween(0.9, 3.0);
            // 200 datagrams a second from pod 1, all forwarded in software
            assertThat(sample.get("notOffloadedPacketsPerSecond").asDouble()).isBetween(50.0, 400.0);
            assertThat(sample.get("offloadedPacketsPerSecond").asDouble()).isZero();
        }
    }

    private static JsonNode readTree(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
