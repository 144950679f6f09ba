package io.hwoffload.host.apply;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.SeedNode.Seed;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From any start state of a seed's nicsim node (some VF count, either eSwitch mode, some VFs without a driver),
 * apply converges to the same state as from a fresh node, and a second apply changes nothing. OVS is left out:
 * its convergence is the seed tests' and fault-injection tests' job, and it keeps a try to milliseconds.
 */
class ApplyConvergenceProperties {
    private static final Path TEMP = temporaryDirectory();
    private static final Map<String, String> FRESH_RESULT = new HashMap<>();

    /** A start state: VF count (a share of what the node allows), eSwitch mode, which VFs lose their driver. */
    record Start(Seed seed, int vfPercent, EswitchMode mode, List<Boolean> unbound) {
    }

    @Property(tries = 40)
    void anyStartStateConverges(@ForAll("starts") Start start) throws Exception {
        SeedNode node = SeedNode.withoutOvs(start.seed(), TEMP.resolve("node-" + System.nanoTime()));
        DesiredNode desired = withoutOvs(node.desired());
        scramble(node, desired, start);

        node.applier(node.changes()).apply(desired, true, ApplyListener.SILENT);

        assertThat(new Planner().plan(desired, node.observe()).isConverged()).isTrue();
        assertThat(node.applier(node.changes()).apply(desired, false, ApplyListener.SILENT).changes()).isZero();
        assertThat(node.fingerprint()).isEqualTo(freshResult(start.seed()));
    }

    @Provide
    Arbitrary<Start> starts() {
        List<Seed> seeds = SeedNode.SEEDS.stream().filter(s -> !s.model().endsWith("-dpu")).toList();
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.integers().between(0, 100),
                        Arbitraries.of(EswitchMode.LEGACY, EswitchMode.SWITCHDEV), Arbitraries.of(true, false).list().ofSize(12))
                .as(Start::new);
    }

    /**
     * Brings the node to the start state through the host's own mutations, as a person or a crash could have.
     * {@code desired} is the fresh node's: resolved after the scramble, YUSUR's VF driver would be the stand-in
     * its VFs came up with.
     */
    private static void scramble(SeedNode node, DesiredNode desired, Start start) {
        PhysicalFunction pf = node.observe().inventory().nics().stream()
                .filter(p -> desired.functions().get(0).pf().equals(p.pciAddress())).findFirst().orElseThrow();
        int limit = Math.min(pf.sriov().totalVfs(), 12);
        try {
            node.host.writeNumVfs(pf.pciAddress(), limit * start.vfPercent() / 100);
        } catch (HostException e) {
            // the slot has room for fewer (YUSUR's VF 7 would collide with the second port): start with the policy's
            node.host.writeNumVfs(pf.pciAddress(), desired.functions().get(0).numVfs());
        }
        try {
            node.host.setEswitchMode(pf.pciAddress(), start.mode());
        } catch (HostException e) {
            // this model's eSwitch mode is the firmware's or the vendor's: the start state keeps it
        }
        if (desired.functions().get(0).vfDriver() == null) {
            return;   // the catalog names no VF driver (YUSUR): the vendor's stack binds VFs, hwoffload leaves them be
        }
        List<VirtualFunction> vfs = node.observe().inventory().nicByPciAddress(pf.pciAddress()).orElseThrow().vfs();
        for (VirtualFunction vf : vfs) {
            if (start.unbound().get(vf.index() % start.unbound().size()) && vf.driver() != null) {
                node.host.unbind(vf.pciAddress(), vf.driver());
            }
        }
    }

    private static String freshResult(Seed seed) {
        return FRESH_RESULT.computeIfAbsent(seed.policyName(), name -> {
            try {
                SeedNode fresh = SeedNode.withoutOvs(seed, TEMP.resolve("fresh-" + name));
                fresh.applier(fresh.changes()).apply(withoutOvs(fresh.desired()), false, ApplyListener.SILENT);
                return fresh.fingerprint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static DesiredNode withoutOvs(DesiredNode desired) {
        return new DesiredNode(desired.policies(), desired.functions(), null, desired.prerequisites());
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hwo-converge-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeTrees() throws IOException {
        try (var paths = Files.walk(TEMP)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
