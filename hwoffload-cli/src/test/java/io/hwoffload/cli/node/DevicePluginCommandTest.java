package io.hwoffload.cli.node;

import io.hwoffload.cli.CliProcess;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.operator.deviceplugin.FakeKubelet;
import io.hwoffload.operator.deviceplugin.api.ListAndWatchResponse;
import io.hwoffload.operator.deviceplugin.api.RegisterRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code hwoffload device-plugin} as a node runs it: its own JVM, a kubelet (fake), a nicsim node, SIGTERM. */
class DevicePluginCommandTest {
    /** Seed 003's policy without its OVS part: the plugin needs no OVS, and apply then needs no OVSDB. */
    private static final String POLICY = """
            apiVersion: hwoffload.io/v1alpha1
            kind: OffloadPolicy
            metadata: {name: mellanox-antrea}
            spec:
              nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [enp3s0f0]}
              numVfs: 4
              eswitchMode: switchdev
              hwTcOffload: true
              resourcePools:
                - {resourcePrefix: mellanox.com, resourceName: cx5_sriov_switchdev, vfRange: 0-3}
              cni: {type: antrea}
            """;

    @Test
    void servesThePoolFromBeforeApplyUntilSigterm(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("cx5");
        assertThat(CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4", "--root", root.toString())
                .exitCode()).isZero();
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        Path kubeletDirectory = Files.createDirectories(dir.resolve("device-plugins"));
        Path stderr = dir.resolve("plugin.err");
        try (FakeKubelet kubelet = new FakeKubelet(kubeletDirectory)) {
            Process plugin = CliProcess.start(List.of(), dir.resolve("plugin.out"), stderr, "device-plugin",
                    "-f", policy.toString(), "--sysfs-root", root.toString(), "--kubelet-dir", kubeletDirectory.toString(),
                    "--device-info-dir", dir.resolve("devinfo").toString(), "--interval", "500ms", "--metrics-port", "0");
            try {
                RegisterRequest registration = kubelet.nextRegistration(30);
                assertThat(registration).as("registered").isNotNull();
                assertThat(registration.getResourceName()).isEqualTo("mellanox.com/cx5_sriov_switchdev");
                BlockingQueue<ListAndWatchResponse> lists = kubelet.watch(registration.getEndpoint());
                assertThat(lists.poll(10, TimeUnit.SECONDS).getDevicesList()).as("no VF before apply").isEmpty();

                CommandRun apply = CommandRun.of("apply", "-f", policy.toString(), "--sysfs-root", root.toString());
                assertThat(apply.exitCode()).as(apply.err()).isZero();
                // A look during the apply may catch it halfway: the lists go on until every VF is ready.
                await().atMost(Duration.ofSeconds(10)).until(() -> lists.take().getDevicesList(),
                        devices -> devices.size() == 4 && devices.stream().allMatch(d -> d.getHealth().equals("Healthy")));

                Matcher port = Pattern.compile("metrics on port (\\d+)").matcher(Files.readString(stderr));
                assertThat(port.find()).as("the metrics port is logged").isTrue();
                HttpClient http = HttpClient.newHttpClient();
                String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1)
                        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("hwoffload_device_plugin_devices{health=\"healthy\",resource=\"mellanox.com/cx5_sriov_switchdev\"} 4.0")
                        .contains("hwoffload_device_plugin_devices{health=\"unhealthy\",resource=\"mellanox.com/cx5_sriov_switchdev\"} 0.0")
                        .contains("hwoffload_device_plugin_registrations_total{resource=\"mellanox.com/cx5_sriov_switchdev\"} 1.0");
                assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.group(1) + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

                plugin.destroy();   // SIGTERM
                assertThat(plugin.waitFor(20, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
                assertThat(Files.exists(kubeletDirectory.resolve(registration.getEndpoint()))).as("socket removed").isFalse();
                assertThat(Files.readString(stderr)).contains("mellanox.com/cx5_sriov_switchdev: registered with the kubelet")
                        .contains("mellanox.com/cx5_sriov_switchdev: 4 of 4 VF(s) healthy")
                        .contains("stopping: endpoints closed").doesNotContain("Exception");
            } finally {
                plugin.destroyForcibly();
            }
        }
    }

    @Test
    void badInputIsAUsageErrorNamingTheFix(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        CommandRun noKubelet = CommandRun.of("device-plugin", "-f", policy.toString(), "--kubelet-dir",
                dir.resolve("none").toString());
        assertThat(noKubelet.exitCode()).isEqualTo(2);
        assertThat(noKubelet.err()).contains("--kubelet-dir").contains("no such directory");

        Path noPools = Files.writeString(dir.resolve("nopools.yaml"), POLICY.replaceAll("(?s)  resourcePools:.*?\n  cni", "  cni"));
        CommandRun none = CommandRun.of("device-plugin", "-f", noPools.toString(), "--kubelet-dir", dir.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no policy has spec.resourcePools");
    }
}
