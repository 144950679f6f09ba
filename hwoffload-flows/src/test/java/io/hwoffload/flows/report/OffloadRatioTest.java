package io.hwoffload.flows.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffloadRatioTest {

    @Test
    void percentClaimsNoMoreThanTheCountsSay() {
        assertThat(OffloadRatio.of(81963, 81967, 0).percent(1)).isEqualTo("99.9%");
        assertThat(OffloadRatio.of(81963, 81967, 0).percent(2)).isEqualTo("99.99%");
        assertThat(OffloadRatio.of(1, 1_000_000, 0).percent(1)).isEqualTo("0.1%");
        assertThat(OffloadRatio.of(5, 5, 0).percent(1)).isEqualTo("100.0%");
        assertThat(OffloadRatio.of(0, 5, 0).percent(1)).isEqualTo("0.0%");
        assertThat(OffloadRatio.of(1, 3, 0).percent(2)).isEqualTo("33.33%");
        assertThat(OffloadRatio.of(2, 3, 0).percent(1)).isEqualTo("66.7%");
    }

    @Test
    void unknownIsNotZero() {
        OffloadRatio noFields = OffloadRatio.of(0, 100, 100);
        assertThat(noFields.isKnown()).isFalse();
        assertThat(noFields.value()).isNull();
        assertThat(noFields.percent(1)).isEqualTo("unknown");
        assertThat(noFields.unknown()).isEqualTo(OffloadRatio.Unknown.NO_OFFLOAD_FIELDS);
        // some packets of unknown status: the ratio could be anything from 40% to 100%
        assertThat(OffloadRatio.of(40, 100, 60).isKnown()).isFalse();
        assertThat(OffloadRatio.of(0, 0, 0).unknown()).isEqualTo(OffloadRatio.Unknown.NOTHING_COUNTED);
        assertThat(OffloadRatio.of(3, 4, 0).value()).isEqualTo(0.75);
    }
}
