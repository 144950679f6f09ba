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
