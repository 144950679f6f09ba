package io.hwoffload.host.linux;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.exec.PrivateNetworkNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * LinuxHost's commands against a real veth pair in a network namespace the test creates and always deletes; the
 * host's own links are never touched. sysfs is a temporary directory.
 */
class LinuxHostNamespaceTest {
    private static final PciAddress NO_SUCH_PF = PciAddress.parse("0000:ff:1f.7");

    @TempDir
    Path sysfs;
    private PrivateNetworkNamespace namespace;
    private LinuxHost host;

    @BeforeEach
    void vethPairInAPrivateNamespace() throws Exception {
        namespace = PrivateNetworkNamespace.create();
        namespace.addVethPair("hwo-a", "hwo-b");
        host = new LinuxHost(sysfs, CommandRunner.withTimeout(Duration.ofSeconds(20)).inNamespace(namespace.namespace()));
    }

    @AfterEach
    void removeTheNamespace() throws Exception {
        if (namespace != null) {
            namespace.close();
        }
    }

    @Test
    void setLinkUpBringsTheLinkUp() throws Exception {
        assertThat(namespace.ipInside("-o", "link", "show", "hwo-a")).doesNotContain(",UP");

        host.setLinkUp("hwo-a");

        assertThat(namespace.ipInside("-o", "link", "show", "hwo-a")).contains(",UP");
    }

    @Test
    void setLinkUpOfAMissingInterfaceSaysSo() {
        assertThatThrownBy(() -> host.setLinkUp("hwo-none")).isInstanceOf(HostException.class)
                .hasMessageContaining("'ip link set hwo-none up' failed")
                .hasMessageContaining("there is no interface hwo-none in this network namespace");
    }

    @Test
    void featureReadsAndSetFeatureChangesAVethFeature() {
        assertThat(host.feature("hwo-a", "tx-checksumming")).hasValue(true);

        host.setFeature("hwo-a", "tx", false);

        assertThat(host.feature("hwo-a", "tx")).hasValue(false);
        assertThat(host.feature("hwo-a", "tx-checksumming")).hasValue(false);
        assertThat(host.feature("hwo-b", "tx-checksumming")).hasValue(true);

        host.setFeature("hwo-a", "tx-checksumming", true);

        assertThat(host.feature("hwo-a", "tx")).hasValue(true);
    }

    @Test
    void aFixedFeatureCannotBeSetAndTheMessageSaysWhy() {
        assertThat(host.feature("hwo-a", "hw-tc-offload")).hasValue(false);

        assertThatThrownBy(() -> host.setFeature("hwo-a", "hw-tc-offload", true)).isInstanceOf(HostException.class)
                .hasMessageContaining("'ethtool -K hwo-a hw-tc-offload on' failed (exit 1)")
                .hasMessageContaining("Could not change any device features")
                .hasMessageContaining("Fix: hw-tc-offload is [fixed] on hwo-a: its driver does not let it change;"
                        + " TC offload needs a NIC driver that has it");
    }

    @Test
    void aFeatureEthtoolDoesNotKnowFailsNamingIt() {
        assertThatThrownBy(() -> host.setFeature("hwo-a", "no-such-feature", true)).isInstanceOf(HostException.class)
                .hasMessageContaining("'ethtool -K hwo-a no-such-feature on' failed")
                .hasMessageContaining("Fix: check 'ethtool -k hwo-a' for the feature's name and state");
    }

    @Test
    void unknownFeaturesAndInterfacesAreEmpty() {
        assertThat(host.feature("hwo-a", "no-such-feature")).isEmpty();
        assertThat(host.feature("hwo-none", "tx")).isEmpty();
    }

    @Test
    void theEswitchModeOfAMissingPfIsUnsupportedOrUnknownNotAnException() {
        assertThat(host.eswitchMode(NO_SUCH_PF)).isIn(EswitchMode.UNSUPPORTED, EswitchMode.UNKNOWN);
    }

    @Test
    void settingTheEswitchModeOfAMissingPfFailsNamingTheCommand() {
        assertThatThrownBy(() -> host.setEswitchMode(NO_SUCH_PF, EswitchMode.SWITCHDEV)).isInstanceOf(HostException.class)
                .hasMessageContaining("'devlink dev eswitch set pci/0000:ff:1f.7 mode switchdev' failed")
                .hasMessageContaining("Fix: ");
        assertThatThrownBy(() -> host.setEswitchMode(NO_SUCH_PF, EswitchMode.UNKNOWN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesThatCouldBeOptionsOrPathsNeverReachTheCommand() {
        assertThatThrownBy(() -> host.setLinkUp("-all")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> host.setFeature("hwo-a", "tx off rx", false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> host.feature("../x", "tx")).isInstanceOf(IllegalArgumentException.class);
    }
}
