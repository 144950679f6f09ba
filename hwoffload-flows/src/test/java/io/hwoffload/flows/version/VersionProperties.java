package io.hwoffload.flows.version;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class VersionProperties {

    @Provide
    Arbitrary<List<Integer>> numbers() {
        return Arbitraries.integers().between(0, 999).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property
    void findReadsTheNumbersBackFromToolText(@ForAll("numbers") List<Integer> parts, @ForAll("wrappers") String wrapper) {
        String dotted = dotted(parts);

        Version version = Version.find(wrapper.replace("%s", dotted)).orElseThrow();

        assertThat(version.parts()).isEqualTo(parts);
    }

    @Provide
    Arbitrary<String> wrappers() {
        return Arbitraries.of("%s", "%s-112-generic", "iproute2-%s", "ip utility, iproute2-%s, libbpf 1.1.0",
                "ethtool version %s", "ovs-vswitchd (Open vSwitch) %s");
    }

    @Example
    void numbersInsideWordsAreNotVersions() {
        assertThat(Version.find("ip utility, iproute2-6.1.0, libbpf 1.1.2")).map(Version::parts).hasValue(List.of(6, 1, 0));
        assertThat(Version.find("6.18.44-fc-v769")).map(Version::parts).hasValue(List.of(6, 18, 44));
        assertThat(Version.find("v5.8")).map(Version::parts).hasValue(List.of(5, 8));
        assertThat(Version.find("ip utility, iproute2-ss170705")).isEmpty();
        assertThat(Version.find("unknown")).isEmpty();
    }

    @Property
    void orderIsTotalAndConsistent(@ForAll("numbers") List<Integer> a, @ForAll("numbers") List<Integer> b,
                                   @ForAll("numbers") List<Integer> c) {
        Version x = version(a);
        Version y = version(b);
        Version z = version(c);

        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
        if (x.compareTo(y) <= 0 && y.compareTo(z) <= 0) {
            assertThat(x.compareTo(z)).isNotPositive();
        }
        assertThat(x.isAtLeast(y)).isEqualTo(x.compareTo(y) >= 0);
    }

    @Property
    void orderIsNumericPartByPart(@ForAll("numbers") List<Integer> a, @ForAll("numbers") List<Integer> b) {
        assertThat(Integer.signum(version(a).compareTo(version(b)))).isEqualTo(Integer.signum(lexicographic(a, b)));
    }

    @Property
    void trailingZerosDoNotChangeTheOrder(@ForAll("numbers") List<Integer> parts, @ForAll @IntRange(min = 1, max = 3) int zeros) {
        List<Integer> padded = new ArrayList<>(parts);
        for (int i = 0; i < zeros; i++) {
            padded.add(0);
        }

        assertThat(version(padded).compareTo(version(parts))).isZero();
    }

    @Property
    void aHigherPartWinsWhateverFollows(@ForAll("numbers") List<Integer> prefix, @ForAll @IntRange(max = 998) int part,
                                        @ForAll("numbers") List<Integer> rest) {
        List<Integer> lower = new ArrayList<>(prefix);
        lower.add(part);
        lower.addAll(rest);
        List<Integer> higher = new ArrayList<>(prefix);
        higher.add(part + 1);

        assertThat(version(higher).isAtLeast(version(lower))).isTrue();
        assertThat(version(lower).isAtLeast(version(higher))).isFalse();
    }

    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            int x = i < a.size() ? a.get(i) : 0;
            int y = i < b.size() ? b.get(i) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static Version version(List<Integer> parts) {
        return Version.of(dotted(parts));
    }

    private static String dotted(List<Integer> parts) {
        return parts.stream().map(String::valueOf).collect(Collectors.joining("."));
    }
}
