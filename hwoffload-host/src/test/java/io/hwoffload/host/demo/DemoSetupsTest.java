package io.hwoffload.host.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import org.junit.jupiter.api.Test;

class DemoSetupsTest {

    @Test
    void everySetupIsANicsimModelWithItsBundledPolicy() {
        assertThat(DemoSetups.models()).hasSize(5).contains(DemoSetups.DEFAULT_MODEL)
                .isSubsetOf(NicsimTreeBuilder.bundled().models());
        for (DemoSetup setup : DemoSetups.all()) {
            assertThat(DemoSetups.nodePolicy(setup).name()).isEqualTo(setup.policyName());
            assertThat(DemoSetups.policies(setup)).as(setup.policyFile() + " has a pool for the pods")
                    .anyMatch(p -> !p.resourcePools().isEmpty());
        }
    }

    @Test
    void anUnknownModelListsTheKnownOnesAndTheDpuHostPointsToTheDpu() {
        assertThatThrownBy(() -> DemoSetups.of("intel-e810"))
                .hasMessageContaining("--model intel-e810").hasMessageContaining("mellanox-connectx5, nvidia-bluefield2-dpu");
        assertThatThrownBy(() -> DemoSetups.of("nvidia-bluefield2-host"))
                .hasMessageContaining("runs no OVS").hasMessageContaining("--model nvidia-bluefield2-dpu");
    }
}
