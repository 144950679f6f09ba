package io.hwoffload.host.demo;

import io.hwoffload.core.policy.CniConfig;
import io.hwoffload.host.ovs.PortAttachment;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/**
 * How each CNI plugs an offloaded pod's VF representor into {@code br-int}: the keys its agent finds the port by.
 * Kube-OVN's CNI sets them on the Interface ({@code iface-id} is {@code <pod>.<ns>.<provider>} for an attachment's
 * provider); Antrea's agent on the Port ({@code antrea-type: container}); OVN-Kubernetes on the Interface, with
 * {@code vf-netdev-name} for a VF and the Port marked {@code transient}. Container ids and pod UIDs are made up
 * from the pod's name: there is no container runtime here.
 */
final class CniPorts {
    static final String INTEGRATION_BRIDGE = "br-int";

    private CniPorts() {
    }

    static PortAttachment attachment(CniConfig cni, DemoPod pod) {
        String port = pod.representor();
        switch (cni.type()) {
            case KUBE_OVN:
                return new PortAttachment(port, Map.of(), Map.of(), Map.of(
                        "iface-id", pod.name() + "." + pod.namespace() + "." + cni.networkAttachment().kubeOvnProvider(),
                        "vendor", "kube-ovn",
                        "pod_name", pod.name(),
                        "pod_namespace", pod.namespace(),
                        "ip", pod.address(),
                        "pod_netns", netnsPath(pod)));
            case ANTREA:
                return new PortAttachment(port, Map.of(
                        "container-id", containerId(pod),
                        "ip-address", pod.address(),
                        "attached-mac", pod.vfMac(),
                        "pod-name", pod.name(),
                        "pod-namespace", pod.namespace(),
                        "antrea-type", "container"), Map.of(), Map.of());
            default:
                return new PortAttachment(port, Map.of(), Map.of("transient", "true"), Map.of(
                        "attached_mac", pod.vfMac(),
                        "iface-id", pod.namespace() + "_" + pod.name(),
                        "iface-id-ver", UUID.nameUUIDFromBytes(pod.name().getBytes(StandardCharsets.UTF_8)).toString(),
                        "sandbox", containerId(pod),
                        "ip_addresses", pod.cidr(),
                        "vf-netdev-name", pod.vfNetdev()));
        }
    }

    private static String netnsPath(DemoPod pod) {
        return "/var/run/netns/" + pod.netns();
    }

    private static String containerId(DemoPod pod) {
        UUID id = UUID.nameUUIDFromBytes(("container/" + pod.name()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().toHexDigits(id.getMostSignificantBits()) + HexFormat.of().toHexDigits(id.getLeastSignificantBits());
    }
}
