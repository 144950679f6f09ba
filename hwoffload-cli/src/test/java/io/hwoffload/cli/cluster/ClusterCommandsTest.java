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
