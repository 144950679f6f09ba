package io.hwoffload.host.ovs;

import io.hwoffload.core.inventory.OvsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real ovsdb-server (Debian's openvswitch-switch) in a private run directory. */
class OvsdbClientTest {
    private static OvsSandbox ovs;

    @BeforeAll
    static void start() throws Exception {
        ovs = OvsSandbox.start(0);
    }

    @AfterAll
    static void stop() throws Exception {
        if (ovs != null) {
            ovs.close();
        }
    }

    @Test
    void readsVersionOtherConfigAndExternalIds() throws Exception {
        // ovs-ctl records the version at start the same way; the sandbox starts the daemons itself.
        String version = ovs.run("ovs-vswitchd", "--version").stdout().lines().findFirst().orElseThrow()
                .replaceAll(".* ", "");
        ovs.vsctl("set", "Open_vSwitch", ".", "ovs_version=" + version, "other_config:hw-offload=true",
                "other_config:tc-policy=skip_sw", "external_ids:host-k8s-nodename=dpu-host");

        try (OvsdbClient client = OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()),
                Duration.ofSeconds(5))) {
            OvsConfig config = client.openVswitch();
            assertThat(config.ovsVersion()).isEqualTo(version).startsWith("3.");
            assertThat(config.otherConfig()).containsEntry("hw-offload", "true").containsEntry("tc-policy", "skip_sw");
            assertThat(config.externalIds()).containsEntry("host-k8s-nodename", "dpu-host");
            assertThat(config.hwOffload()).isTrue();
        }
    }
}
