package io.hwoffload.cli.cluster;

import io.hwoffload.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCommandsTest {

    @Test
    void installPrintsTheWholeBundle() {
        CommandRun run = CommandRun.of("install", "--image", "registry.example.com/hwoffload:0.1.0");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().split("(?m)^---$")).hasSizeGreaterThanOrEqualTo(17);
        assertThat(run.out()).contains("kind: \"DaemonSet\"").contains("image: \"registry.example.com/hwoffload:0.1.0\"")
                .contains("name: \"offloadpolicies.hwoffload.io\"");

        CommandRun json = CommandRun.of("install", "-o", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"kind\":\"List\"");
    }

    @Test
    void installRefusesAnImageThatIsNoReference(@TempDir Path dir) {
        CommandRun run = CommandRun.of("install", "--image", "hwoffload; rm -rf /");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--image");

        CommandRun ca = CommandRun.of("install", "--ca-bundle", dir.resolve("missing.pem").toString());
        assertThat(ca.exitCode()).isEqualTo(2);
        assertThat(ca.err()).contains("--ca-bundle").contains("missing.pem");
    }

    @Test
    void installWithAnExternalDevicePluginLetsTheAgentRestartItsPods() {
        CommandRun run = CommandRun.of("install", "--device-plugin", "external", "--device-plugin-namespace", "sriov");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("--device-plugin=external").contains("--device-plugin-namespace=sriov")
                .contains("--device-plugin-selector=app=sriovdp").doesNotContain("/var/lib/kubelet/device-plugins")
                .contains("namespace: \"sriov\"");
        assertThat(CommandRun.of("install").out()).contains("--device-plugin=builtin")
                .contains("/var/lib/kubelet/device-plugins");
    }

    @Test
    void theWebhookFailsOpenUnlessTheClusterIsNewEnoughForFail() {
        assertThat(CommandRun.of("install").out()).contains("failurePolicy: \"Ignore\"").contains("matchConditions");
        assertThat(CommandRun.of("install", "--kubernetes-version", "1.27").out()).doesNotContain("matchConditions");
        assertThat(CommandRun.of("install", "--webhook-failure-policy", "Fail", "--kubernetes-version", "1.31").out())
                .contains("failurePolicy: \"Fail\"");
        CommandRun refused = CommandRun.of("install", "--webhook-failure-policy", "Fail", "--kubernetes-version", "1.29");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("--webhook-failure-policy Fail needs --kubernetes-version 1.30 or later");
    }

    @Test
    void installMountsTheCnisOvsDirectory() {
        assertThat(CommandRun.of("install", "--cni", "antrea").out()).contains("path: \"/var/run/antrea/openvswitch\"");
        assertThat(CommandRun.of("install", "--ovs-rundir", "/srv/ovs").out()).contains("path: \"/srv/ovs\"");
        CommandRun both = CommandRun.of("install", "--cni", "antrea", "--ovs-rundir", "/srv/ovs");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give --cni or --ovs-rundir, not both");
    }

    @Test
    void badDevicePluginFlagsNameTheFlagAndTheFix() {
        CommandRun mode = CommandRun.of("install", "--device-plugin", "sriovdp");
        assertThat(mode.exitCode()).isEqualTo(2);
        assertThat(mode.err()).contains("--device-plugin").contains("builtin").contains("external");
        CommandRun selector = CommandRun.of("install", "--device-plugin", "external", "--device-plugin-selector", "app");
        assertThat(selector.exitCode()).isEqualTo(2);
        assertThat(selector.err()).contains("--device-plugin-selector: 'app' is not key=value");
        CommandRun namespace = CommandRun.of("install", "--device-plugin-namespace", "Kube_System");
        assertThat(namespace.exitCode()).isEqualTo(2);
        assertThat(namespace.err()).contains("--device-plugin-namespace 'Kube_System' is not a namespace name");
        assertThat(CommandRun.of("operator", "--device-plugin", "none").err()).contains("--device-plugin")
                .contains("give builtin");
        assertThat(CommandRun.of("install", "--help").out()).contains("--device-plugin-selector", "app=sriovdp");
    }

    @Test
    void operatorNamesTheMissingTlsFile(@TempDir Path dir) {
        CommandRun half = CommandRun.of("operator", "--tls-cert", dir.resolve("tls.crt").toString());
        assertThat(half.exitCode()).isEqualTo(2);
        assertThat(half.err()).contains("--tls-cert and --tls-key go together");

        CommandRun missing = CommandRun.of("operator", "--tls-cert", dir.resolve("tls.crt").toString(),
                "--tls-key", dir.resolve("tls.key").toString(), "--webhook-port", "0");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("tls.crt");
    }
}
