package io.hwoffload.host.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hwoffload.core.policy.CniConfig;
import io.hwoffload.core.policy.CniType;
import io.hwoffload.core.policy.NetworkAttachment;
import io.hwoffload.host.ovs.PortAttachment;
import org.junit.jupiter.api.Test;

/** Each CNI's port keys, as its agent looks for them (Kube-OVN's CNI, Antrea's pod configurator, OVN-K's ConfigureOVS). */
class CniPortsTest {
    private static final DemoPod POD = new DemoPod("web-1", "shop", 3, "enp3s0f0v3", "02:00:00:00:00:03",
            "nicsim-ab-vf3", "enp3s0f0_3", "10.244.0.2", 24);

    @Test
    void kubeOvnNamesTheInterfaceByPodNamespaceAndTheAttachmentsProvider() {
        PortAttachment port = CniPorts.attachment(new CniConfig(CniType.KUBE_OVN,
                new NetworkAttachment("test", "kube-system"), null, null), POD);

        assertThat(port.name()).isEqualTo("enp3s0f0_3");
        assertThat(port.portExternalIds()).isEmpty();
        assertThat(port.interfaceExternalIds())
                .containsEntry("iface-id", "web-1.shop.test.kube-system.ovn")
                .containsEntry("vendor", "kube-ovn")
                .containsEntry("pod_name", "web-1").containsEntry("pod_namespace", "shop")
                .containsEntry("ip", "10.244.0.2")
                .containsEntry("pod_netns", "/var/run/netns/nicsim-ab-vf3");
    }

    @Test
    void antreaKeysThePortAsAContainerInterface() {
        PortAttachment port = CniPorts.attachment(new CniConfig(CniType.ANTREA,
                new NetworkAttachment("default", "default"), null, null), POD);

        assertThat(port.interfaceExternalIds()).isEmpty();
        assertThat(port.portExternalIds())
                .containsEntry("antrea-type", "container")
                .containsEntry("ip-address", "10.244.0.2")
                .containsEntry("attached-mac", "02:00:00:00:00:03")
                .containsEntry("pod-name", "web-1").containsEntry("pod-namespace", "shop")
                .hasEntrySatisfying("container-id", id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void ovnKubernetesNamesTheInterfaceNamespaceUnderscorePodWithItsVf() {
        PortAttachment port = CniPorts.attachment(new CniConfig(CniType.OVN_KUBERNETES, null, null, null), POD);

        assertThat(port.portOtherConfig()).containsEntry("transient", "true");
        assertThat(port.interfaceExternalIds())
                .containsEntry("iface-id", "shop_web-1")
                .containsEntry("attached_mac", "02:00:00:00:00:03")
                .containsEntry("ip_addresses", "10.244.0.2/24")
                .containsEntry("vf-netdev-name", "enp3s0f0v3")
                .containsKeys("iface-id-ver", "sandbox");
    }
}
