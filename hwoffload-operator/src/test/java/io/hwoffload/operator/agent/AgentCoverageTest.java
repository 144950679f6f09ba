package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.host.ovs.HostFootprint;
import io.hwoffload.host.ovs.OvsSandbox;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.Coverage;
import io.hwoffload.operator.testing.MockCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.hwoffload.operator.agent.NodeAgentReconcileTest.ready;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offload coverage from a real ovs-vswitchd (userspace datapath in its own namespace, OvsSandbox) into the status and
 * the metrics, scraped over HTTP; an unreachable ovs-vswitchd takes the coverage away and nothing else.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(90)
class AgentCoverageTest {
    private static final String NODE = "worker-7";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Sends COUNT UDP datagrams to ADDR:PORT: udp.py ADDR PORT COUNT (nobody needs to listen). */
    private static final String UDP = String.join("\n",
            "import socket, sys, time",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "for i in range(int(sys.argv[3])):",
            "    u.sendto(b'x' * 64, (sys.argv[1], int(sys.argv[2])))",
            "    time.sleep(0.002)");
    private static HostFootprint before;

    KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void takeFootprint() throws Exception {
        before = HostFootprint.take();
    }

    @AfterAll
    static void checkNothingLeft() throws Exception {
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @BeforeEach
    void installCrd() {
        MockCluster.installCrds(client);
    }

    @Test
    void anEmptyDatapathAndTheConnectX5ReconcileShowInStatusAndMetrics() throws Exception {
        try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.CONNECTX5, temp.resolve("cx5"), true, 0);
             LocalNode local = node.localNode()) {
            NodeStates.createNodeState(client, NODE, node.nodeStateSpec(NODE));
            AgentMetrics metrics = new AgentMetrics(NODE);
            NodeAgent agent = agent(local, metrics, VswitchdFlowDumps.inRunDirectory(node.ovs.runDir(), Duration.ofSeconds(5)));
            Instant start = Instant.now().minusSeconds(1);

            agent.reconcileOnce().orElseThrow();
            NodeStateStatus status = agent.sampleCoverageOnce().orElseThrow();

            assertThat(ready(status).getStatus()).as("the reconcile's part is kept").isEqualTo("True");
            Coverage coverage = status.coverage();
            assertThat(coverage.flows()).isZero();
            assertThat(coverage.offloadedFlows()).isZero();
            assertThat(coverage.packets()).isZero();
            assertThat(coverage.offloadedPacketRatio()).as("no packets, no ratio").isNull();
            assertThat(Instant.parse(coverage.sampledAt())).isAfterOrEqualTo(start.truncatedTo(ChronoUnit.SECONDS));
            assertThat(NodeStates.status(client, NODE)).isEqualTo(status);

            try (AgentHttpServer server = AgentHttpServer.start(0, metrics::scrape, () -> null, () -> null)) {
                String scrape = get(server, "/metrics").body();
                assertThat(scrape).contains("hwoffload_vfs_configured{node=\"" + NODE + "\"} 4.0")
                        .contains("hwoffload_apply_changes_total{node=\"" + NODE + "\"} 13.0")
                        .contains("hwoffload_apply_errors_total{node=\"" + NODE + "\",reason=\"ApplyFailed\"} 0.0")
                        .contains("hwoffload_flows{node=\"" + NODE + "\",status=\"datapath\"} 0.0")
                        .contains("hwoffload_packets{node=\"" + NODE + "\",status=\"offloaded\"} 0.0")
                        .contains("hwoffload_offload_ratio{node=\"" + NODE + "\"} NaN");
                assertThat(value(scrape, "hwoffload_last_apply_timestamp_seconds{node=\"" + NODE + "\"}"))
                        .isBetween((double) start.getEpochSecond(), Instant.now().getEpochSecond() + 1.0);
            }
        }
    }

    @Test
    void trafficThroughTheDatapathCountsAsNotOffloadedAndAnUnreachableVswitchdTakesTheCoverageAway() throws Exception {
        try (OvsSandbox ovs = OvsSandbox.start(2)) {
            ovs.ofctl("OpenFlow13", "add-flow", "priority=10,actions=NORMAL");
            ovs.inPod(1, "/usr/bin/python3", "-c", UDP, OvsSandbox.podAddress(2), "7000", "50");
            NodeStates.createNodeState(client, NODE, new NodeStateSpec(NODE, List.of()));   // no policy: nothing to apply
            AgentMetrics metrics = new AgentMetrics(NODE);
            VswitchdFlowDumps bySocket = VswitchdFlowDumps.at(SocketAddressSpec.parse("unix:" + ovs.controlSocket()),
                    Duration.ofSeconds(5));
            try (SeedNodeFixture node = SeedNodeFixture.start(SeedNodeFixture.BLUEFIELD2_HOST, temp.resolve("bf2"));
                 LocalNode noNics = node.localNode()) {
                NodeAgent agent = agent(noNics, metrics, bySocket);
                agent.reconcileOnce().orElseThrow();

                Coverage coverage = agent.sampleCoverageOnce().orElseThrow().coverage();

                assertThat(coverage.flows()).isPositive();
                // 50 datagrams (the first of a flow is counted by the upcall, not the flow), and the pods' own IPv6 chatter
                assertThat(coverage.packets()).isGreaterThanOrEqualTo(40L);
                assertThat(coverage.offloadedFlows()).isZero();
                assertThat(coverage.offloadedPackets()).isZero();
                assertThat(coverage.offloadedPacketRatio()).isEqualTo("0");
                String scrape = metrics.scrape();
                assertThat(value(scrape, "hwoffload_flows{node=\"" + NODE + "\",status=\"datapath\"}"))
                        .isEqualTo((double) coverage.flows());
                assertThat(value(scrape, "hwoffload_packets{node=\"" + NODE + "\",status=\"datapath\"}"))
                        .isEqualTo((double) coverage.packets());
                assertThat(value(scrape, "hwoffload_offload_ratio{node=\"" + NODE + "\"}")).isZero();

                NodeAgent blind = agent(noNics, metrics,
                        VswitchdFlowDumps.inRunDirectory(temp.resolve("no-ovs"), Duration.ofSeconds(1)));
                NodeStateStatus status = blind.sampleCoverageOnce().orElseThrow();

                assertThat(status.coverage()).isNull();
                assertThat(ready(status).getReason()).isEqualTo("Converged");
                assertThat(metrics.scrape()).contains("hwoffload_flows{node=\"" + NODE + "\",status=\"datapath\"} NaN");
            }
        }
    }

    private NodeAgent agent(LocalNode local, AgentMetrics metrics, VswitchdFlowDumps dumps) {
        return new NodeAgent(client, NODE, new NodeReconciler(local, false), new CoverageSampler(dumps, Clock.systemUTC()),
                metrics, NodeAgent.DEFAULT_RESYNC, NodeAgent.DEFAULT_COVERAGE_INTERVAL, Clock.systemUTC());
    }

    static HttpResponse<String> get(AgentHttpServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series in a Prometheus text exposition. */
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
