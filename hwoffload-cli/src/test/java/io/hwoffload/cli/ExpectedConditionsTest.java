package io.hwoffload.cli;

import io.hwoffload.host.apply.OwnershipStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions the code can name end in one line on stderr and exit 1, in the process a user runs: never "internal
 * error" and a Java stack trace.
 */
class ExpectedConditionsTest {
    private static final String POLICY = """
            apiVersion: hwoffload.io/v1alpha1
            kind: OffloadPolicy
            metadata: {name: cx5}
            spec:
              nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [enp3s0f0]}
              numVfs: 4
              cni: {type: antrea}
            """;
    private static final String UNREACHABLE_KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
            users: [{name: u, user: {token: t}}]
            contexts: [{name: x, context: {cluster: c, user: u}}]
            current-context: x
            """;

    @Test
    void aSecondApplyWhileOneHoldsTheLockNamesTheHolderAndTheLockFile(@TempDir Path dir) throws Exception {
        Path root = connectX5(dir);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        Path state = dir.resolve("state");
        try (OwnershipStore.Lock held = OwnershipStore.in(state).lock()) {
            CliProcess.Result second = CliProcess.run("apply", "-f", policy.toString(), "--sysfs-root", root.toString(),
                    "--state-dir", state.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.stderr()).isEqualTo("hwoffload: another hwoffload apply or reset (pid "
                    + ProcessHandle.current().pid() + ") holds " + state.resolve("lock") + "; wait for it to finish\n");
        }
        CliProcess.Result after = CliProcess.run("apply", "-f", policy.toString(), "--sysfs-root", root.toString(),
                "--state-dir", state.toString());
        assertThat(after.exitCode()).as(after.stderr()).isZero();
    }

    private static Path connectX5(Path dir) {
        Path root = dir.resolve("cx5");
        assertThat(CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4", "--root", root.toString()).exitCode())
                .isZero();
        return root;
    }

    @Test
    void operatorWithNoReachableApiServerSaysSoInOneLineWithinItsTimeout(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), UNREACHABLE_KUBECONFIG);
        long start = System.nanoTime();
        CliProcess.Result run = CliProcess.run("operator", "--kubeconfig", kubeconfig.toString(), "--timeout", "2s");
        assertThat((System.nanoTime() - start) / 1e9).as("seconds").isLessThan(15);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("hwoffload: cannot reach the Kubernetes API server https://127.0.0.1:1/"
                + " (kubeconfig " + kubeconfig + "): no answer within 2s (--timeout); check the server address and that"
                + " the API server runs\n");
    }

    @Test
    void agentWithNoReachableApiServerSaysSoInOneLine(@TempDir Path dir) throws Exception {
        Path root = connectX5(dir);
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), UNREACHABLE_KUBECONFIG);
        CliProcess.Result run = CliProcess.run("agent", "--node", "n1", "--kubeconfig", kubeconfig.toString(),
                "--sysfs-root", root.toString(), "--timeout", "2s", "--metrics-port", "0");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("hwoffload: cannot reach the Kubernetes API server https://127.0.0.1:1/"
                + " (kubeconfig " + kubeconfig + ")").doesNotContain("\tat ").hasLineCount(1);
    }
}
