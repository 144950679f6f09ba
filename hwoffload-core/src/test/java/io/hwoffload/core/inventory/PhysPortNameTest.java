package io.hwoffload.core.inventory;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PhysPortNameTest {

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "p0,       PHYSICAL, 0, -, false",
            "p1,       PHYSICAL, 1, -, false",
            "pf0,      PF,       0, -, false",
            "c1pf0,    PF,       0, -, true",
            "pf1vf7,   VF,       1, 7, false",
            "c1pf0vf2, VF,       0, 2, true",
            "3,        VF,       -, 3, false"})
    void namesTheKernelGivesSwitchdevPorts(String name, Representor.Flavour flavour, Integer pf, Integer vf,
                                           boolean external) {
        assertThat(PhysPortName.parse(name)).contains(new PhysPortName(flavour, pf, vf, external));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pf0sf1", "c1pf0sf3", "eth0", "p", "pfvf", "p99999999999", "pf0vf"})
    void otherNamesAreNoPortWeUse(String name) {
        assertThat(PhysPortName.parse(name)).isEmpty();
    }
}
