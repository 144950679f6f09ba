package io.hwoffload.core.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"192.168.40.254", "0.0.0.0", "255.255.255.255", "::", "::1", "fe80::1", "2001:db8::8:800:200c:417a",
            "2001:db8:0:0:8:800:200c:417a", "::ffff:192.0.2.1", "1::", "64:ff9b::192.0.2.33"})
    void addresses(String text) {
        assertThat(IpLiteral.isAddress(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "fe80::1::2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
            "12345::", "g::1", ":1:2", "1.2.3.4\\n", "", "localhost", "::1.2.3", "1:2:3:4:5:6:7::8:9"})
    void notAddresses(String text) {
        assertThat(IpLiteral.isAddress(text.replace("\\n", "\n"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.0/24", "0.0.0.0/0", "fd98::/64", "::/0", "10.0.0.1/32", "2001:db8::/128"})
    void prefixes(String text) {
        assertThat(IpLiteral.isCidr(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.0/33", "fd98::/129", "10.0.0.0", "10.0.0.0/", "10.0.0.0/x", "10.1/8", "/24"})
    void notPrefixes(String text) {
        assertThat(IpLiteral.isCidr(text)).isFalse();
    }
}
