package io.hwoffload.host.apply;

import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.host.apply.SeedNode.Seed;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * For every step k of every seed plan: an apply killed after k changes, then a plain apply (no --allow-disruption),
 * ends exactly where an uninterrupted apply does (sysfs, eSwitch, features, OVSDB), with the same ownership record.
 */
class ApplyFaultInjectionTest {
    static final List<Seed> SEEDS = SeedNode.SEEDS;

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @FieldSource("SEEDS")
    void applyKilledAfterAnyStepConvergesOnTheNextApply(Seed seed) throws Exception {
        try (SeedNode node = SeedNode.start(seed, temp.resolve("uninterrupted"))) {
            DesiredNode desired = node.desired();
            int steps = node.applier(node.changes()).apply(desired, false, ApplyListener.SILENT).changes();
            String expected = node.fingerprint();
            OwnershipRecord expectedRecord = node.ownership().load();
            assertThat(steps).isPositive();

            for (int k = 0; k < steps; k++) {
                node.resetOvs();
                node.newTree(temp.resolve("crash-after-" + k));
                int survive = k;
                ApplyException crash = catchThrowableOfType(ApplyException.class, () -> node
                        .applier(CrashingChanges.after(survive, node.changes())).apply(desired, false, ApplyListener.SILENT));
                assertThat(crash).as("crash after %d of %d", k, steps).isNotNull();
                assertThat(crash.changes()).isEqualTo(k);
                assertThat(crash.getCause()).isInstanceOf(CrashingChanges.SimulatedCrash.class);

                // No --allow-disruption: the VFs the killed run created are hwoffload's own (the record says so).
                int rest = node.applier(node.changes()).apply(desired, false, ApplyListener.SILENT).changes();
                assertThat(node.fingerprint()).as("state after a crash after %d of %d steps", k, steps).isEqualTo(expected);
                assertThat(node.ownership().load()).isEqualTo(expectedRecord);
                assertThat(rest).isPositive();
                assertThat(node.applier(node.changes()).apply(desired, false, ApplyListener.SILENT).changes()).isZero();
            }
        }
    }
}
