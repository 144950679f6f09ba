package io.hwoffload.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorCommandTest {
    private static final String NO_OVS = "--ovsdb=unix:/nonexistent/db.sock";

    @TempDir
    Path dir;

    @Test
    void thisMachineHasNoSriovNicAndDoctorSaysSoPlainly() {
        CommandRun run = CommandRun.of("doctor", NO_OVS);

        assertThat(run.exitCode()).as("a failed check is exit 1, not a crash: " + run.err()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(run.out()).contains("FAIL  sriov").contains("This node has no SR-IOV capable NIC")
                .contains("fix: ").contains("doctor: ");
    }

    @Test
    void emulatedConnectX5InLegacyModeWarnsWithTheSeedsCommands() throws Exception {
        Path root = dir.resolve("cx5");
        assertThat(CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4", "--root", root.toString())
                .exitCode()).isZero();

        CommandRun run = CommandRun.of("doctor", "--sysfs-root", root.toString(), NO_OVS, "-o", "json");
        JsonNode document = new ObjectMapper().readTree(run.out());
        JsonNode checks = document.path("checks");
        // summary is counts, which add up to the checks listed
        JsonNode summary = document.path("summary");
        assertThat(summary.path("pass").isIntegralNumber()).isTrue();
        assertThat(summary.path("pass").asLong() + summary.path("warn").asLong() + summary.path("fail").asLong())
                .isEqualTo(checks.size());
        assertThat(summary.path("warn").asLong()).isPositive();

        assertThat(status(checks, "sriov", null)).isEqualTo("pass");
        assertThat(status(checks, "catalog", "enp3s0f0")).isEqualTo("pass");
        assertThat(status(checks, "switchdev", "enp3s0f0")).isEqualTo("warn");
        assertThat(check(checks, "switchdev", "enp3s0f0").path("fix").asText())
                .contains("devlink dev eswitch set pci/0000:03:00.0 mode switchdev");
        assertThat(status(checks, "vfs", "enp3s0f0")).isEqualTo("warn");
        assertThat(status(checks, "ovs", null)).isEqualTo("warn");
    }

    @Test
    void dpuSideIsAnOffloadNodeThoughItHasNoSriovOfItsOwn() throws Exception {
        Path root = dir.resolve("dpu");
        assertThat(CommandRun.of("nicsim", "create", "--model", "nvidia-bluefield2-dpu", "--root", root.toString())
                .exitCode()).isZero();

        JsonNode checks = new ObjectMapper().readTree(CommandRun.of("doctor", "--sysfs-root", root.toString(), NO_OVS,
                "-o", "json").out()).path("checks");

        assertThat(status(checks, "sriov", null)).isEqualTo("pass");
        assertThat(status(checks, "switchdev", "p0")).isEqualTo("pass");
        assertThat(check(checks, "vfs", "p0").path("finding").asText()).contains("represents 3 host VF(s)");
        assertThat(status(checks, "representors", "p0")).isEqualTo("pass");
    }

    @Test
    void policyAskingMoreVfsThanTheNicHasFails() throws Exception {
        Path root = dir.resolve("cx5");
        CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4", "--root", root.toString());
        Path policy = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: hwoffload.io/v1alpha1
                kind: OffloadPolicy
                metadata: {name: too-many}
                spec:
                  nicSelector: {vendor: "15b3", pfNames: [enp3s0f0]}
                  numVfs: 12
                  cni: {type: antrea}
                """);

        CommandRun run = CommandRun.of("doctor", "--sysfs-root", root.toString(), NO_OVS, "-f", policy.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL  policy-numvfs").contains("policy asks for 12 VFs, the PF allows 8");
    }

    @Test
    void badPolicyIsAUsageErrorNamingTheField() throws Exception {
        Path policy = Files.writeString(dir.resolve("bad.yaml"), "metadata: {name: x}\nspec: {nicSelector: {vendor: nvidia}, numVfs: 4}\n");
        CommandRun run = CommandRun.of("doctor", NO_OVS, "-f", policy.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("spec.nicSelector.vendor: 'nvidia' is not a PCI id");
    }

    private static String status(JsonNode checks, String id, String subject) {
        return check(checks, id, subject).path("status").asText();
    }

    private static JsonNode check(JsonNode checks, String id, String subject) {
        for (JsonNode c : checks) {
            if (c.path("id").asText().equals(id) && (subject == null || c.path("subject").asText().startsWith(subject))) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " " + subject + " in " + checks);
    }
}
