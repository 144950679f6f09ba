package io.hwoffload.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.cli.HwoffloadCommand;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.deviceplugin.FakeKubelet;
import io.hwoffload.operator.deviceplugin.api.Device;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hwoffload agent}: its usage errors, and a run against the mock API server on a nicsim BlueField-2 host. */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class AgentCommandTest {
    private static final String NODE = "dpu-host-1";

    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void withoutANodeNameItIsAUsageErrorNamingNode() {
        assertThat(System.getenv("NODE_NAME")).as("this test needs NODE_NAME unset").isNull();

        CommandRun run = CommandRun.of("agent");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--node").contains("NODE_NAME");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void badFlagsAreUsageErrorsNamingTheFlag() throws Exception {
        assertThat(CommandRun.of("agent", "--node", "Worker_1").err()).contains("--node 'Worker_1'");
        CommandRun both = CommandRun.of("agent", "--node", "w1", "--ovs-rundir", "/run/openvswitch",
                "--vswitchd-target", "unix:/run/openvswitch/ovs-vswitchd.1.ctl");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--ovs-rundir").contains("--vswitchd-target");
        CommandRun kubeconfig = CommandRun.of("agent", "--node", "w1", "--kubeconfig", dir.resolve("none").toString());
        assertThat(kubeconfig.exitCode()).isEqualTo(2);
        assertThat(kubeconfig.err()).contains("--kubeconfig");
        CommandRun port = CommandRun.of("agent", "--node", "w1", "--metrics-port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--metrics-port");
        assertThat(CommandRun.of("agent", "--node", "w1", "--resync", "0s").exitCode()).isEqualTo(2);
        CommandRun selector = CommandRun.of("agent", "--node", "w1", "--device-plugin", "external",
                "--device-plugin-selector", "app=sriov dp");
        assertThat(selector.exitCode()).isEqualTo(2);
        assertThat(selector.err()).contains("--device-plugin-selector").contains("'sriov dp' is not a label value");
    }

    @Test
    void helpNamesEveryFlag() {
        CommandRun help = CommandRun.of("agent", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--node", "--sysfs-root", "--catalog", "--ovsdb", "--ovs-rundir", "--vswitchd-target",
                "--state-dir", "--settle-timeout", "--allow-disruption", "--metrics-port", "--resync", "--coverage-interval",
                "--kubeconfig", "NODE_NAME", "/metrics", "SIGTERM", "--device-plugin", "--device-plugin-namespace",
                "--device-plugin-selector", "--device-plugin-interval", "--kubelet-dir", "--device-info-dir");
        assertThat(CommandRun.of("--help").out()).contains("agent");
    }

    @Test
    void runsUntilStoppedConvergingTheNodeAndServingMetrics() throws Exception {
        try (InputStream crd = getClass().getResourceAsStream("/META-INF/fabric8/offloadnodestates.hwoffload.io-v1.yml")) {
            assertThat(crd).as("the operator's generated CRD on the classpath").isNotNull();
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        Path root = dir.resolve("bf2");
        assertThat(CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-host", "--root", root.toString()).exitCode())
                .isZero();
        OffloadNodeStateResource state = new OffloadNodeStateResource();
        state.setMetadata(new ObjectMetaBuilder().withName(NODE).build());
        state.setSpec(new NodeStateSpec(NODE, List.of(new NodeStateSpec.AssignedPolicy("bluefield2-dpu-host", 1L, dpuHostSpec()))));
        client.resources(OffloadNodeStateResource.class).resource(state).create();
        int port = freePort();
        Path kubeletDirectory = Files.createDirectories(dir.resolve("device-plugins"));
        FakeKubelet kubelet = new FakeKubelet(kubeletDirectory);
        // A JVM of its own, so that it gets a real SIGTERM; the test's class path has the CLI and its dependencies.
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HwoffloadCommand.class.getName(),
                "agent", "--node", NODE, "--kubeconfig", kubeconfig().toString(), "--sysfs-root", root.toString(),
                "--ovs-rundir", dir.resolve("no-ovs").toString(), "--metrics-port", Integer.toString(port), "--resync", "1s",
                "--kubelet-dir", kubeletDirectory.toString(), "--device-info-dir", dir.resolve("devinfo").toString())
                .redirectOutput(dir.resolve("agent.out").toFile()).redirectError(dir.resolve("agent.err").toFile()).start();
        try {
            NodeStateStatus status = await().atMost(Duration.ofSeconds(30)).until(
                    () -> client.resources(OffloadNodeStateResource.class).withName(NODE).get().getStatus(),
                    s -> s != null && s.conditions() != null && !s.conditions().isEmpty());
            assertThat(status.conditions().get(0).getStatus()).as(status.lastError()).isEqualTo("True");
            assertThat(status.vfsConfigured()).isEqualTo(3);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("hwoffload_vfs_configured{node=\"" + NODE + "\"} 3.0");

            // The agent is the kubelet device plugin of the policy's pool: VFs 1 and 2, not VF 0 (the management port).
            RegisterRequest registration = kubelet.nextRegistration(20);
            assertThat(registration).as("the agent registers its pool").isNotNull();
            assertThat(registration.getResourceName()).isEqualTo("mellanox.com/mlnx_sriov_cx6");
            List<Device> devices = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> kubelet.watch(registration.getEndpoint()).poll(5, TimeUnit.SECONDS).getDevicesList(),
                    list -> list.size() == 2 && list.stream().allMatch(d -> d.getHealth().equals("Healthy")));
            assertThat(devices).extracting(Device::getID).containsExactly("0000:02:00.4", "0000:02:00.5");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()).contains(
                        "hwoffload_device_plugin_devices{health=\"healthy\",node=\"" + NODE
                                + "\",resource=\"mellanox.com/mlnx_sriov_cx6\"} 2.0");
                assertThat(client.resources(OffloadNodeStateResource.class).withName(NODE).get().getStatus().devicePlugin()
                        .pools()).containsExactly("mellanox.com/mlnx_sriov_cx6 2/2 healthy");
            });

            agent.destroy();   // SIGTERM

            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("the agent stops on SIGTERM").isTrue();
            assertThat(agent.exitValue()).as("killed by SIGTERM, after closing").isEqualTo(128 + 15);
            assertThat(Files.readString(dir.resolve("agent.out")))
                    .contains("hwoffload agent: node " + NODE + ", metrics on port " + port)
                    .contains("hwoffload agent: stopping");
            assertThat(Files.readString(dir.resolve("agent.err"))).contains("generation 1: Converged (3 changes)");
        } finally {
            agent.destroyForcibly();
            kubelet.close();
        }
    }

    private static PolicySpec dpuHostSpec() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        for (JsonNode document : yaml.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readAllBytes(Path.of("../examples/policies/bluefield2-ovn-kubernetes.yaml"))).readAll()) {
            if (document.at("/metadata/name").asText().equals("bluefield2-dpu-host")) {
                return yaml.treeToValue(document.get("spec"), PolicySpec.class);
            }
        }
        throw new AssertionError("no bluefield2-dpu-host policy in the example");
    }

    /** A kubeconfig for the mock API server (its certificate is self-signed). */
    private Path kubeconfig() throws Exception {
        return Files.writeString(dir.resolve("kubeconfig"), String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster: {server: \"" + client.getConfiguration().getMasterUrl() + "\", insecure-skip-tls-verify: true}",
                "users:",
                "- name: mock",
                "  user: {token: test}",
                "contexts:",
                "- name: mock",
                "  context: {cluster: mock, user: mock}",
                "current-context: mock",
                ""));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
