package io.hwoffload.host.apply;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.core.plan.Step;
import io.hwoffload.host.apply.SeedNode.Seed;
import io.hwoffload.host.nicsim.NicsimBoot;
import org.junit.jupiter.api.Test;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * Seed 001 from the card as shipped (CoreNIC): the plan starts with the vendor's firmware step by hand, its
     * commands as the seed has them; apply stops before it, changing nothing; after the step (nicsim's firmware link
     * and driver reload, as the seed's script and rmmod/modprobe do) apply converges to the seed's end state.
     */
    @Test
    void corigineFromItsShippedFirmwareStopsAtTheFirmwareStepThenConverges() throws Exception {
        Seed shipped = new Seed("corigine-kube-ovn", "corigine-kube-ovn", "corigine-agilio-cx", NicsimBoot.DEFAULTS);
        try (SeedNode node = SeedNode.start(shipped, temp.resolve("node"))) {
            PciAddress pf = PciAddress.parse("0000:04:00.0");
            Plan plan = new Planner().plan(node.desired(), node.observe());
            Step first = plan.steps().get(0);
            assertThat(first.action().isManual()).isTrue();
            assertThat(first.action().command()).isEqualTo("./agilio-tc-fw-select.sh ens47np0 scan && rmmod nfp && modprobe nfp");
            assertThat(first.disruption()).isEqualTo(Disruption.NONE);
            assertThat(plan.steps()).extracting(s -> s.action().command())
                    .contains("echo 4 > /sys/class/net/ens47np0/device/sriov_numvfs")
                    .as("hw-tc-offload waits for the uplink representor the firmware brings")
                    .noneMatch(c -> c.startsWith("ethtool"));
            String before = node.fingerprint();

            NodeApplier applier = node.applier(node.changes());
            assertThatThrownBy(() -> applier.apply(node.desired(), false, ApplyListener.SILENT))
                    .isInstanceOfSatisfying(ApplyException.class, e -> {
                        assertThat(e.manualStep()).contains(first);
                        assertThat(e.changes()).isZero();
                        assertThat(e.getMessage()).contains("must be done by hand").contains("then run apply again");
                    });
            assertThat(node.fingerprint()).as("nothing changed before the by-hand step").isEqualTo(before);

            node.host.linkFirmware(pf, "flower");
            node.host.reloadDriver("nfp");

            ApplyResult rest = applier.apply(node.desired(), false, ApplyListener.SILENT);
            assertThat(rest.applied()).extracting(s -> s.action().command())
                    .contains("echo 4 > /sys/class/net/ens47/device/sriov_numvfs").noneMatch(c -> c.contains("agilio"));
            assertEndState(node);
            assertThat(applier.apply(node.desired(), false, ApplyListener.SILENT).changes()).isZero();
        }
    }

    /** The example policy names the ConnectX-5 PF by both names: a current kernel's enp3s0f0np0 converges too. */
    @Test
    void theConnectX5PolicyConvergesOnACurrentKernelToo() throws Exception {
        Seed current = new Seed("mellanox-antrea", "mellanox-antrea", "mellanox-connectx5", NicsimBoot.DEFAULTS);
        try (SeedNode node = SeedNode.start(current, temp.resolve("node"))) {
            NodeApplier applier = node.applier(node.changes());
            ApplyResult first = applier.apply(node.desired(), false, ApplyListener.SILENT);
            assertThat(first.applied()).extracting(s -> s.action().command())
                    .contains("echo 4 > /sys/class/net/enp3s0f0np0/device/sriov_numvfs",
                            "ethtool -K enp3s0f0np0 hw-tc-offload on");
            PhysicalFunction pf = pf(node.observe().inventory().nics(), "enp3s0f0np0");
            assertVfs(pf, 4, EswitchMode.SWITCHDEV, true);
            assertThat(pf.hwTcOffload()).isTrue();
            assertThat(applier.apply(node.desired(), false, ApplyListener.SILENT).changes()).isZero();
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
