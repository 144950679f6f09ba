package io.hwoffload.core.pci;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PciAddressProperties {

    @Provide
    Arbitrary<PciAddress> addresses() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 0xffff),
                Arbitraries.integers().between(0, 0xff),
                Arbitraries.integers().between(0, 0x1f),
                Arbitraries.integers().between(0, 7)).as(PciAddress::new);
    }

    @Property
    void formatThenParseGivesTheSameAddress(@ForAll("addresses") PciAddress address) {
        String text = address.toString();

        assertThat(text).matches("[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\\.[0-7]");
        assertThat(PciAddress.isValid(text)).isTrue();
        assertThat(PciAddress.parse(text)).isEqualTo(address);
        assertThat(PciAddress.parse(text.toUpperCase(Locale.ROOT))).isEqualTo(address);
    }

    @Property
    void lspciFormWithoutDomainMeansDomainZero(@ForAll("addresses") PciAddress address) {
        PciAddress inDomainZero = new PciAddress(0, address.bus(), address.device(), address.function());

        assertThat(PciAddress.parse(inDomainZero.toString().substring(5))).isEqualTo(inDomainZero);
    }

    @Property
    void routingIdRoundTrips(@ForAll("addresses") PciAddress address) {
        assertThat(PciAddress.fromRoutingId(address.domain(), address.routingId())).isEqualTo(address);
        assertThat(address.routingId()).isBetween(0, 0xffff);
    }

    @Property
    void virtualFunctionIsRoutingIdPlusOffsetPlusIndexTimesStride(
            @ForAll("addresses") PciAddress pf, @ForAll @IntRange(min = 1, max = 256) int offset,
            @ForAll @IntRange(min = 1, max = 8) int stride, @ForAll @IntRange(max = 255) int index) {
        int routingId = pf.routingId() + offset + index * stride;
        if (routingId > 0xffff) {
            assertThatThrownBy(() -> pf.virtualFunction(offset, stride, index))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond bus ff");
            return;
        }

        PciAddress vf = pf.virtualFunction(offset, stride, index);

        assertThat(vf.domain()).isEqualTo(pf.domain());
        assertThat(vf.routingId()).isEqualTo(routingId);
        assertThat(vf.compareTo(pf)).isPositive();
    }

    @Property
    void consecutiveVirtualFunctionsAreOneStrideApart(
            @ForAll("addresses") PciAddress pf, @ForAll @IntRange(min = 1, max = 8) int stride,
            @ForAll @IntRange(max = 62) int index) {
        PciAddress low = PciAddress.fromRoutingId(pf.domain(), pf.routingId() & 0x7fff);

        PciAddress vf = low.virtualFunction(1, stride, index);
        PciAddress next = low.virtualFunction(1, stride, index + 1);

        assertThat(next.routingId() - vf.routingId()).isEqualTo(stride);
    }

    @Property
    void orderIsDomainThenRoutingId(@ForAll("addresses") PciAddress a, @ForAll("addresses") PciAddress b) {
        int expected = a.domain() != b.domain() ? Integer.compare(a.domain(), b.domain())
                : Integer.compare(a.routingId(), b.routingId());

        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    }

    /** isValid guards paths and argv: nothing may follow the address. */
    @Property
    void isValidRejectsAnythingAfterTheAddress(@ForAll("addresses") PciAddress address,
                                               @ForAll("suffixes") String suffix) {
        assertThat(PciAddress.isValid(address + suffix)).isFalse();
    }

    /** parse reads sysfs text, so surrounding whitespace is dropped; anything else is refused. */
    @Property
    void parseRefusesAnythingButWhitespaceAfterTheAddress(@ForAll("addresses") PciAddress address,
                                                          @ForAll("suffixes") String suffix) {
        if (suffix.isBlank()) {
            assertThat(PciAddress.parse(address + suffix)).isEqualTo(address);
        } else {
            assertThatThrownBy(() -> PciAddress.parse(address + suffix)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.of("/", "/../..", " ", "0", ";", "\n", ":0", " x", "\t-");
    }
}
