package io.hwoffload.core.policy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code spec.rollout}: its defaults, every field, and what a bad value is told. */
class RolloutPolicyReaderTest {
    private static final String POLICY = """
            apiVersion: hwoffload.io/v1alpha1
            kind: OffloadPolicy
            metadata: {name: p}
            spec:
              nicSelector: {vendor: "15b3", deviceID: "1017"}
              numVfs: 4
              cni: {type: antrea}
            """;

    @Test
    void withoutRolloutThePolicyHasTheDefaults() {
        RolloutPolicy rollout = read(POLICY).rollout();

        assertThat(rollout).isEqualTo(RolloutPolicy.DEFAULT);
        assertThat(rollout.maxUnavailable().of(10)).isEqualTo(1);
        assertThat(rollout.drain()).isEqualTo(RolloutPolicy.DrainMode.VF_PODS);
        assertThat(rollout.drainTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(rollout.verify()).isNull();
        assertThat(rollout.canary()).isZero();
    }

    @Test
    void everyFieldIsRead() {
        RolloutPolicy rollout = read(POLICY + """
                  rollout:
                    maxUnavailable: 25%
                    drain: all
                    drainTimeout: 90s
                    canary: 1
                    verify: {minOffloadRatio: 0.9, minPackets: 500, window: 2m, onFailure: continue}
                """).rollout();

        assertThat(rollout.maxUnavailable()).isEqualTo(new RolloutPolicy.Budget(25, true));
        assertThat(rollout.maxUnavailable().of(10)).isEqualTo(2);
        assertThat(rollout.maxUnavailable().of(3)).as("never 0: that would stop the rollout").isEqualTo(1);
        assertThat(rollout.drain()).isEqualTo(RolloutPolicy.DrainMode.ALL);
        assertThat(rollout.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(rollout.canary()).isEqualTo(1);
        assertThat(rollout.verify()).isEqualTo(new RolloutPolicy.Verify(0.9, 500, Duration.ofMinutes(2), false));
        assertThat(read(POLICY + "  rollout: {verify: {minOffloadRatio: 0.5}}\n").rollout().verify())
                .isEqualTo(new RolloutPolicy.Verify(0.5, 1000, Duration.ofMinutes(5), true));
    }

    @Test
    void badValuesNameTheFieldAndTheFix() {
        PolicyException e = problems(POLICY + """
                  rollout:
                    maxUnavailable: 0
                    drain: everything
                    drainTimeout: 10 minutes
                    canary: -1
                    verify: {minPackets: 10, onFailure: retry}
                    maxSurge: 1
                """);

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("spec.rollout.maxUnavailable: '0'")
                        .contains("such as 25%"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.drain:").contains("vfPods, all or none"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.drainTimeout: '10 minutes' is not a duration"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.canary: '-1'"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.verify.minOffloadRatio").contains("such as 0.9"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.verify.onFailure: 'retry'"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.maxSurge"));
        assertThat(problems(POLICY + "  rollout: {maxUnavailable: 150%, drainTimeout: 0s}\n").problems())
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.maxUnavailable: '150%' is not from 1% to 100%"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.rollout.drainTimeout: '0s' is not from 1s to 24h"));
    }

    private static OffloadPolicy read(String yaml) {
        return PolicyReader.read(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml").get(0);
    }

    private static PolicyException problems(String yaml) {
        return catchThrowableOfType(PolicyException.class, () -> read(yaml));
    }
}
