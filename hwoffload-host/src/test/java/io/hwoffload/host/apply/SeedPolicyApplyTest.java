package io.hwoffload.host.apply;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.host.apply.SeedNode.Seed;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each seed policy on its nicsim node, with a real ovsdb-server when it sets OVS: the dry run holds the seed's
 * own commands in the seed's order; apply reaches the seed's end state; a second apply changes nothing.
 */
class SeedPolicyApplyTest {
    static final List<Seed> SEEDS = SeedNode.SEEDS;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @FieldSource("SEEDS")
    void dryRunHoldsTheSeedsCommandsInTheSeedsOrder(Seed seed) throws Exception {
        try (SeedNode node = SeedNode.start(seed, temp.resolve("node"))) {
            Plan plan = new Planner().plan(node.desired(), node.observe());
            List<String> commands = plan.steps().stream().map(s -> normalize(s.action().command())).toList();
            List<String> expected = new ArrayList<>();
            for (String line : seedCommands(seed)) {
                if (line.startsWith("in-place: ")) {
                    String command = normalize(line.substring("in-place: ".length()));
                    assertThat(plan.inPlace()).as("in place: " + command).anyMatch(p -> p.contains(command));
                } else {
                    expected.add(normalize(line));
                }
            }
            assertThat(expected).isNotEmpty();
            assertThat(isOrderedSubsequence(expected, commands))
                    .as("seed commands %s in order within the plan %s", expected, commands).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("SEEDS")
    void applyReachesTheSeedsEndStateAndASecondApplyChangesNothing(Seed seed) throws Exception {
        try (SeedNode node = SeedNode.start(seed, temp.resolve("node"))) {
            DesiredNode desired = node.desired();
            int planned = new Planner().plan(desired, node.observe()).steps().size();
            NodeApplier applier = node.applier(node.changes());

            ApplyResult first = applier.apply(desired, false, ApplyListener.SILENT);
            assertThat(first.changes()).isEqualTo(planned).isPositive();
            assertEndState(node);

            assertThat(applier.apply(desired, false, ApplyListener.SILENT).changes()).isZero();
            assertThat(node.ownership().load().isEmpty()).isFalse();
        }
    }

    private static void assertEndState(SeedNode node) throws Exception {
        List<PhysicalFunction> nics = node.observe().inventory().nics();
        switch (node.seed.policyName()) {
            case "yusur-kube-ovn":
                // No devlink eSwitch (hados drives it), but representors all the same: Kube-OVN's CNI needs them.
                assertVfs(pf(nics, "p0"), 7, null, true);
                assertThat(node.ovsConfig().otherConfig()).containsEntry("hw-offload", "true");
                break;
            case "corigine-kube-ovn":
                assertVfs(pf(nics, "ens47"), 4, EswitchMode.SWITCHDEV, true);
                assertThat(pf(nics, "ens47").hwTcOffload()).isTrue();
                break;
            case "yunsilicon-kube-ovn":
                assertVfs(pf(nics, "p3p1"), 10, EswitchMode.SWITCHDEV, true);
                assertThat(pf(nics, "p3p1").vfs()).extracting(v -> v.pciAddress().toString())
                        .startsWith("0000:b3:00.2").endsWith("0000:b3:01.3");
                break;
            case "mellanox-antrea":
                assertVfs(pf(nics, "enp3s0f0"), 4, EswitchMode.SWITCHDEV, true);
                assertThat(pf(nics, "enp3s0f0").hwTcOffload()).isTrue();
                assertThat(pf(nics, "enp3s0f0").link().adminUp()).isTrue();
                assertThat(pf(nics, "enp3s0f0").vfs()).allMatch(v -> "mlx5_core".equals(v.driver()));
                assertThat(node.ovsConfig().otherConfig()).containsEntry("hw-offload", "true");
                break;
            case "bluefield2-dpu-host":
                assertVfs(pf(nics, "enp2s0f0np0"), 3, null, false);
                assertThat(pf(nics, "enp2s0f0np0").vfs()).extracting(VirtualFunction::netdev)
                        .containsExactly("enp2s0f0v0", "enp2s0f0v1", "enp2s0f0v2");
                assertThat(pf(nics, "enp2s0f0np0").hwTcOffload()).isTrue();
                break;
            case "bluefield2-dpu":
                assertThat(node.ovsConfig().externalIds()).containsEntry("host-k8s-nodename", "dpu-host")
                        .containsEntry("ovn-gw-interface", "p0").containsEntry("ovn-gw-nexthop", "192.168.40.254");
                assertThat(node.ovsConfig().otherConfig()).containsEntry("hw-offload", "true");
                assertThat(node.ovsConfig().bridge("brp0")).get().extracting(OvsBridge::ports).asList()
                        .contains("p0", "pf0hpf");
                break;
            default:
                throw new AssertionError("no end state for " + node.seed);
        }
    }

    private static void assertVfs(PhysicalFunction pf, int count, EswitchMode mode, boolean representors) {
        assertThat(pf.sriov().numVfs()).isEqualTo(count);
        assertThat(pf.vfs()).hasSize(count).allMatch(v -> v.driver() != null);
        if (mode != null) {
            assertThat(pf.eswitchMode()).isEqualTo(mode);
        }
        assertThat(pf.vfs().stream().map(VirtualFunction::representor).filter(Objects::nonNull).distinct().count())
                .isEqualTo(representors ? count : 0);
    }

    private static PhysicalFunction pf(List<PhysicalFunction> nics, String netdev) {
        return nics.stream().filter(n -> netdev.equals(n.netdev())).findFirst().orElseThrow();
    }

    /** The seed's lines from the test resource {@code seed-commands/<policy>.txt}. */
    private static List<String> seedCommands(Seed seed) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/seed-commands", seed.policyName() + ".txt")).stream()
                .filter(l -> !l.isBlank()).toList();
    }

    /** The guides' spelling to ours: no root prompt or sudo, no shell quotes or escapes, external-ids as external_ids. */
    static String normalize(String command) {
        return command.strip().replaceFirst("^# ", "").replaceFirst("^sudo ", "").replace("\\:", ":")
                .replace("'", "").replace("\"", "").replace("external-ids:", "external_ids:");
    }

    static boolean isOrderedSubsequence(List<String> expected, List<String> actual) {
        int at = 0;
        for (String command : actual) {
            if (at < expected.size() && expected.get(at).equals(command)) {
                at++;
            }
        }
        return at == expected.size();
    }
}
