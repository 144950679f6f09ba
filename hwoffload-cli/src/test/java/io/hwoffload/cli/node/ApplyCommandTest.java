package io.hwoffload.cli.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CliProcess;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.host.ovs.OvsSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** plan, apply, reset and systemd-unit as a person runs them: a nicsim ConnectX-5 and a real ovsdb-server. */
class ApplyCommandTest {
    private static final String POLICY = "../examples/policies/mellanox-antrea.yaml";
    private static OvsSandbox ovs;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOvs() throws Exception {
        ovs = OvsSandbox.start(0);
    }

    @AfterAll
    static void stopOvs() throws Exception {
        if (ovs != null) {
            ovs.close();
        }
    }

    private String[] node(Path root, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(args));
        argv.addAll(List.of("--sysfs-root", root.toString(), "--ovsdb", "unix:" + ovs.dbSocket()));
        return argv.toArray(String[]::new);
    }

    private Path connectx5() {
        Path root = dir.resolve("cx5");
        assertThat(CommandRun.of("nicsim", "create", "--model", "mellanox-connectx5", "--kernel", "5.4", "--root", root.toString()).exitCode())
                .isZero();
        return root;
    }

    @Test
    void dryRunPrintsTheSeedsCommandsAndChangesNothing() throws Exception {
        Path root = connectx5();
        String before = CommandRun.of(node(root, "discover", "-o", "json")).out();

        CommandRun run = CommandRun.of(node(root, "apply", "-f", POLICY, "--dry-run"));

        assertThat(run.exitCode()).isZero();
        List<String> commands = run.out().lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(commands).startsWith("echo 4 > /sys/class/net/enp3s0f0/device/sriov_numvfs", "ip link set enp3s0f0 up",
                "echo 0000:03:00.2 > /sys/bus/pci/drivers/mlx5_core/unbind");
        assertThat(commands).contains("devlink dev eswitch set pci/0000:03:00.0 mode switchdev",
                "ethtool -K enp3s0f0 hw-tc-offload on", "ovs-vsctl set Open_vSwitch . other_config:hw-offload=true");
        assertThat(commands).hasSize(13);
        assertThat(run.out()).contains("# note: takes effect when ovs-vswitchd restarts");
        assertThat(CommandRun.of(node(root, "discover", "-o", "json")).out()).isEqualTo(before);
    }

    @Test
    void applyShowsProgressEndsWithChangesAndASecondApplyChangesNothing() throws Exception {
        Path root = connectx5();

        CommandRun first = CommandRun.of(node(root, "apply", "-f", POLICY));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("[1/13] echo 4 > /sys/class/net/enp3s0f0/device/sriov_numvfs")
                .contains("[13/13] ovs-vsctl set Open_vSwitch . other_config:hw-offload=true")
                .contains("note: takes effect when ovs-vswitchd restarts");
        assertThat(lastLine(first.out())).isEqualTo("changes: 13");

        JsonNode nic = new ObjectMapper().readTree(CommandRun.of(node(root, "discover", "-o", "json")).out())
                .path("nics").get(0);
        assertThat(nic.path("eswitchMode").asText()).isEqualTo("switchdev");
        assertThat(nic.path("sriov").path("numVfs").asInt()).isEqualTo(4);
        assertThat(nic.path("vfs")).allSatisfy(vf -> assertThat(vf.path("representor").asText()).startsWith("enp3s0f0npf0vf"));
        assertThat(ovs.vsctl("get", "Open_vSwitch", ".", "other_config:hw-offload").stdout().strip()).isEqualTo("\"true\"");

        CommandRun second = CommandRun.of(node(root, "apply", "-f", POLICY));
        assertThat(second.exitCode()).isZero();
        assertThat(second.out().strip()).isEqualTo("changes: 0");
        assertThat(CommandRun.of(node(root, "plan", "-f", POLICY)).out()).contains("nothing to do");

        // reset needs a drain (it removes the VFs), then returns the node to its boot state
        CommandRun refused = CommandRun.of(node(root, "reset"));
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("--allow-disruption").contains("echo 0 > /sys/class/net/enp3s0f0/device/sriov_numvfs");
        CommandRun reset = CommandRun.of(node(root, "reset", "--allow-disruption"));
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(lastLine(reset.out())).isEqualTo("changes: 4");
        JsonNode after = new ObjectMapper().readTree(CommandRun.of(node(root, "discover", "-o", "json")).out()).path("nics").get(0);
        assertThat(after.path("eswitchMode").asText()).isEqualTo("legacy");
        assertThat(after.path("sriov").path("numVfs").asInt()).isZero();
        assertThat(ovs.vsctl("get", "Open_vSwitch", ".", "other_config").stdout()).doesNotContain("hw-offload");
        assertThat(CommandRun.of(node(root, "reset")).out()).contains("nothing to reset");
    }

    @Test
    void planAsJsonListsStepsWithTheirDisruption() throws Exception {
        Path root = connectx5();
        JsonNode plan = new ObjectMapper().readTree(CommandRun.of(node(root, "plan", "-f", POLICY, "-o", "json")).out());
        assertThat(plan.path("policies").get(0).asText()).isEqualTo("mellanox-antrea");
        assertThat(plan.path("steps")).hasSize(13);
        assertThat(plan.path("steps").get(12).path("disruption").asText()).isEqualTo("vswitchd-restart");
        assertThat(plan.path("steps").get(0).path("why").asText()).isEqualTo("the policy's VF count");
    }

    @Test
    void aPolicyForAnotherNodeFailsWithWhatIsHere() throws Exception {
        Path root = connectx5();
        CommandRun run = CommandRun.of(node(root, "apply", "-f", "../examples/policies/corigine-kube-ovn.yaml"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no policy selects a PF on this node").contains("PFs here: enp3s0f0 (0000:03:00.0)");
    }

    @Test
    void hostilePolicyIsRejectedBeforeAnythingIsTouched() throws Exception {
        Path root = connectx5();
        String before = CommandRun.of(node(root, "discover", "-o", "json")).out();
        Path policy = Files.writeString(dir.resolve("hostile.yaml"), """
                apiVersion: hwoffload.io/v1alpha1
                kind: OffloadPolicy
                metadata: {name: hostile}
                spec:
                  nicSelector: {pfNames: ["../../../etc/passwd", "enp3s0f0;reboot"]}
                  numVfs: 4
                  cni: {type: flannel}
                """);

        CommandRun run = CommandRun.of(node(root, "apply", "-f", policy.toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("spec.nicSelector.pfNames[0]: '../../../etc/passwd' is not an interface name")
                .contains("spec.nicSelector.pfNames[1]: 'enp3s0f0;reboot' is not an interface name")
                .contains("spec.cni.type: 'flannel' is not a CNI hwoffload knows");
        assertThat(CommandRun.of(node(root, "discover", "-o", "json")).out()).isEqualTo(before);
        assertThat(root.resolve(".nicsim/hwoffload/ownership.json")).doesNotExist();
    }

    @Test
    void tooManyVfsFailsNamingTheFieldAndTheLimit() throws Exception {
        Path root = connectx5();
        Path policy = Files.writeString(dir.resolve("many.yaml"), Files.readString(Path.of(POLICY))
                .replace("numVfs: 4", "numVfs: 64").replace("vfRange: 0-3", "vfRange: 0-63"));
        CommandRun run = CommandRun.of(node(root, "apply", "-f", policy.toString()));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("spec.numVfs 64 is more than enp3s0f0 (0000:03:00.0) has (sriov_totalvfs 8)");
    }

    @Test
    void systemdUnitRunsApplyBeforeOvsAndKubelet() {
        String policy = Path.of(POLICY).toAbsolutePath().normalize().toString();
        CommandRun run = CommandRun.of("systemd-unit", "-f", POLICY, "--ovsdb", "unix:/run/openvswitch/db.sock");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("After=local-fs.target systemd-udev-settle.service ovsdb-server.service")
                .contains("Before=ovs-vswitchd.service openvswitch-switch.service kubelet.service")
                .contains("ExecStart=/usr/local/bin/hwoffload apply -f " + policy + " --ovsdb unix:/run/openvswitch/db.sock")
                .contains("Type=oneshot").contains("WantedBy=multi-user.target kubelet.service");

        CommandRun bad = CommandRun.of("systemd-unit", "-f", POLICY, "--executable", "hwoffload; reboot");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("must be an absolute path");
    }

    /** Redirected into a unit file, as its help says: the bytes must reach the process's real stdout. */
    @Test
    void systemdUnitReachesTheStdoutOfTheProcess() throws Exception {
        CliProcess.Result run = CliProcess.run("systemd-unit", "-f", POLICY);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("# ").contains("\n[Unit]\n").endsWith("\n")
                .isEqualTo(CommandRun.of("systemd-unit", "-f", POLICY).out());
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
