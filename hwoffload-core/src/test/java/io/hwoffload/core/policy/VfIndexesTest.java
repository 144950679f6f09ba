package io.hwoffload.core.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VfIndexesTest {

    @Test
    void aListOfIndexesAndRangesIsReadAsThePluginReadsIt() {
        VfIndexes vfs = VfIndexes.parse("0,2-7");

        assertThat(vfs.contains(0)).isTrue();
        assertThat(vfs.contains(1)).isFalse();
        assertThat(vfs.contains(7)).isTrue();
        assertThat(vfs.contains(8)).isFalse();
        assertThat(vfs.size()).isEqualTo(7);
        assertThat(vfs.last()).isEqualTo(7);
        assertThat(vfs).hasToString("0,2-7");
    }

    @Test
    void twoSpellingsOfOneSetAreEqualAndPrintAlike() {
        assertThat(VfIndexes.parse("3,0-2")).isEqualTo(VfIndexes.parse("0-3")).hasToString("0-3");
        assertThat(VfIndexes.parse("0-3,2-5")).hasToString("0-5");
        assertThat(VfIndexes.parse("0-7").isAll(8)).isTrue();
        assertThat(VfIndexes.parse("0,2-7").isAll(8)).isFalse();
    }

    @Test
    void overlapIsAnySharedIndex() {
        assertThat(VfIndexes.parse("0,4-5").overlaps(VfIndexes.parse("1-3"))).isFalse();
        assertThat(VfIndexes.parse("0,4-5").overlaps(VfIndexes.parse("1-4"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", "0,", "a", "1-", "3-1", "0;2", "0,2-7\n", "0, 2-7", "-1"})
    void anythingElseIsRefusedWithTheForm(String text) {
        assertThatThrownBy(() -> VfIndexes.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a VF list").hasMessageContaining("such as 0-3 or 0,2-7");
    }
}
