package io.hwoffload.host.linux;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EthtoolFeaturesTest {
    /** {@code ethtool -k} of a veth (ethtool 6.1), with its tab-indented sub-features. */
    private final EthtoolFeatures veth = EthtoolFeatures.parse(Fixtures.read("ethtool-k-veth.txt"));

    @Test
    void readsOnOffAndFixed() {
        assertThat(veth.feature("rx-checksumming")).hasValue(new EthtoolFeatures.Feature(true, false));
        assertThat(veth.feature("generic-receive-offload")).hasValue(new EthtoolFeatures.Feature(false, false));
        assertThat(veth.feature("hw-tc-offload")).hasValue(new EthtoolFeatures.Feature(false, true));
    }

    @Test
    void readsIndentedSubFeatures() {
        assertThat(veth.feature("tx-checksum-ip-generic")).hasValue(new EthtoolFeatures.Feature(true, false));
        assertThat(veth.feature("tx-checksum-ipv4")).hasValue(new EthtoolFeatures.Feature(false, true));
        assertThat(veth.feature("tx-udp_tnl-segmentation")).hasValue(new EthtoolFeatures.Feature(true, false));
    }

    @Test
    void shortSetNamesFindTheLongNamesListed() {
        assertThat(veth.feature("tx")).isEqualTo(veth.feature("tx-checksumming")).isPresent();
        assertThat(veth.feature("sg")).isEqualTo(veth.feature("scatter-gather")).isPresent();
        assertThat(veth.feature("gro")).isEqualTo(veth.feature("generic-receive-offload")).isPresent();
    }

    @Test
    void theHeaderAndUnknownNamesAreNotFeatures() {
        assertThat(veth.feature("Features for veth0")).isEmpty();
        assertThat(veth.feature("no-such-feature")).isEmpty();
    }

    @Test
    void readsARequestedButRefusedChange() {
        EthtoolFeatures refused = EthtoolFeatures.parse("Actual changes:\nhw-tc-offload: off [requested on]\n");

        assertThat(refused.feature("hw-tc-offload")).hasValue(new EthtoolFeatures.Feature(false, false));
    }

    @Test
    void readsAnMlx5StyleUplink() {
        EthtoolFeatures uplink = EthtoolFeatures.parse(String.join("\n",
                "Features for enp3s0f0np0:",
                "rx-checksumming: on",
                "hw-tc-offload: on",
                "l2-fwd-offload: off [fixed]",
                ""));

        assertThat(uplink.feature("hw-tc-offload")).hasValue(new EthtoolFeatures.Feature(true, false));
    }
}
