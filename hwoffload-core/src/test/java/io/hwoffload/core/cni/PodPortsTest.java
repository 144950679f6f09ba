package io.hwoffload.core.cni;

import io.hwoffload.flows.pods.PortOwner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose port each is, by the keys Kube-OVN, Antrea and OVN-Kubernetes write when they plug a pod. */
class PodPortsTest {

    @Test
    void eachCniNamesItsPodsByItsOwnKeys() {
        PodPorts ports = PodPorts.of(List.of(
                new OvsPortRow("7a1c2b3d4e5f_h", "", Map.of("iface-id", "web-0.shop.ovn", "pod_name", "web-0",
                        "pod_namespace", "shop", "vendor", "kube-ovn"), Map.of()),
                new OvsPortRow("db-0-3f2a1b", "", Map.of(), Map.of("pod-name", "db-0", "pod-namespace", "shop",
                        "antrea-type", "container")),
                new OvsPortRow("eth3", "", Map.of("iface-id", "shop_cache-0", "sandbox", "c0ffee", "iface-id-ver", "1"),
                        Map.of()),
                new OvsPortRow("eth4", "", Map.of("iface-id", "shop.blue_shop_api-0", "sandbox", "beef"), Map.of())));

        assertThat(ports.owner("7a1c2b3d4e5f_h")).isEqualTo(new PortOwner.Pod("shop", "web-0"));
        assertThat(ports.owner("db-0-3f2a1b")).isEqualTo(new PortOwner.Pod("shop", "db-0"));
        assertThat(ports.owner("eth3")).isEqualTo(new PortOwner.Pod("shop", "cache-0"));
        assertThat(ports.owner("eth4")).as("a user-defined network's iface-id has a prefix").isEqualTo(
                new PortOwner.Pod("shop", "api-0"));
    }

    @Test
    void theRestIsTheNodesByInterfaceType() {
        PodPorts ports = PodPorts.of(List.of(
                new OvsPortRow("enp3s0f0np0", "", Map.of(), Map.of()),
                new OvsPortRow("br-int", "internal", Map.of(), Map.of()),
                new OvsPortRow("patch-br-int-to-br-ex", "patch", Map.of(), Map.of()),
                new OvsPortRow("genev_sys_6081", "geneve", Map.of(), Map.of()),
                // ovn-k8s-mp0: OVN-Kubernetes' management port has an iface-id but no sandbox: no pod
                new OvsPortRow("ovn-k8s-mp0", "internal", Map.of("iface-id", "k8s-node1"), Map.of())));

        assertThat(ports.owner("enp3s0f0np0")).isEqualTo(new PortOwner.Node(PortOwner.PortRole.SYSTEM));
        assertThat(ports.owner("br-int")).isEqualTo(new PortOwner.Node(PortOwner.PortRole.INTERNAL));
        assertThat(ports.owner("patch-br-int-to-br-ex")).isEqualTo(new PortOwner.Node(PortOwner.PortRole.PATCH));
        assertThat(ports.owner("genev_sys_6081")).isEqualTo(new PortOwner.Node(PortOwner.PortRole.TUNNEL));
        assertThat(ports.owner("ovn-k8s-mp0")).isEqualTo(new PortOwner.Node(PortOwner.PortRole.INTERNAL));
        assertThat(ports.owner("3")).as("a port number the rows do not name").isEqualTo(
                new PortOwner.Node(PortOwner.PortRole.UNKNOWN));
    }
}
