package io.hwoffload.host.exec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkNamespaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"hwo-t1a2b3c", "ns1", "cni-1234_abcd.x"})
    void acceptsNamesIpNetnsUses(String name) {
        assertThat(new NetworkNamespace(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../etc", "a/b", "a b", "-n", ".hidden", "x\n", "ns;reboot"})
    void refusesNamesThatCouldEscapeAPathOrAnArgv(String name) {
        assertThatThrownBy(() -> new NetworkNamespace(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a network namespace name");
    }
}
