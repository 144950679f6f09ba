package io.hwoffload.host.nicsim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamePatternTest {

    @Test
    void theIndexAndAShiftedIndex() {
        assertThat(NamePattern.of("pf0vf{n}").format(3)).isEqualTo("pf0vf3");
        assertThat(NamePattern.of("eth{n+1}").format(0)).isEqualTo("eth1");
        assertThat(NamePattern.of("eth{n+1}").format(3)).isEqualTo("eth4");
    }

    @Test
    void exactlyOnePlaceholder() {
        assertThatThrownBy(() -> NamePattern.of("eth0")).hasMessageContaining("exactly once");
        assertThatThrownBy(() -> NamePattern.of("p{n}v{n}")).hasMessageContaining("exactly once");
        assertThatThrownBy(() -> NamePattern.of("eth{n-1}")).hasMessageContaining("exactly once");
    }
}
