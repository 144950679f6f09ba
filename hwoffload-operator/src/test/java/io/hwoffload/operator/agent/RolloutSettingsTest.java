package io.hwoffload.operator.agent;

import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;
import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.core.policy.RolloutPolicy.DrainMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One node's drain from several policies: the widest drain, the shortest timeout, the strictest check. */
class RolloutSettingsTest {
    private static final OffloadPolicy CX5 = policy("cx5", "enp3s0f0", "cx5_pool",
            "{drain: vfPods, drainTimeout: 10m, verify: {minOffloadRatio: 0.8, window: 2m}}");
    private static final OffloadPolicy OTHER = policy("other", "enp3s0f1", "other_pool",
            "{drain: all, drainTimeout: 90s, verify: {minOffloadRatio: 0.9, minPackets: 50, onFailure: continue}}");

    @Test
    void onlyThePodsOfThePoolsOnTheChangedPfsAreVfPods() {
        RolloutSettings settings = RolloutSettings.of(List.of(CX5, OTHER), List.of(CX5));

        assertThat(settings.vfResources()).containsExactly("mellanox.com/cx5_pool");
        assertThat(settings.drain()).isEqualTo(DrainMode.ALL);
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(settings.verify()).isEqualTo(new RolloutPolicy.Verify(0.9, 1000, Duration.ofMinutes(5), true));
    }

    @Test
    void withoutRolloutsTheDefaultsHold() {
        OffloadPolicy plain = policy("plain", "enp3s0f0", "pool", "{}");

        RolloutSettings settings = RolloutSettings.of(List.of(plain));

        assertThat(settings.drain()).isEqualTo(DrainMode.VF_PODS);
        assertThat(settings.drainTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.verify()).isNull();
        assertThat(settings.vfResources()).containsExactly("mellanox.com/pool");
    }

    private static OffloadPolicy policy(String name, String pf, String pool, String rollout) {
        String yaml = """
                apiVersion: hwoffload.io/v1alpha1
                kind: OffloadPolicy
                metadata: {name: %s}
                spec:
                  nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [%s]}
                  numVfs: 4
                  resourcePools: [{resourcePrefix: mellanox.com, resourceName: %s}]
                  cni: {type: antrea}
                  rollout: %s
                """.formatted(name, pf, pool, rollout);
        return PolicyReader.read(yaml.getBytes(StandardCharsets.UTF_8), name + ".yaml").get(0);
    }
}
