package io.hwoffload.core.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.core.policy.CniType;
import io.hwoffload.core.policy.NetworkAttachment;

/** The CNI network configuration in a NetworkAttachmentDefinition's spec.config, as each CNI's guide writes it. */
final class CniNetworkConfig {
    private static final String CNI_VERSION = "0.3.1";
    private static final String KUBE_OVN_SOCKET = "/run/openvswitch/kube-ovn-daemon.sock";

    private CniNetworkConfig() {
    }

    static ObjectNode of(CniType type, NetworkAttachment attachment) {
        switch (type) {
            case KUBE_OVN:
                return kubeOvn(attachment);
            case ANTREA:
                return antrea();
            default:
                return ovnKubernetes();
        }
    }

    private static ObjectNode kubeOvn(NetworkAttachment attachment) {
        ObjectNode config = list("kube-ovn");
        ArrayNode plugins = config.putArray("plugins");
        ObjectNode kubeOvn = plugins.addObject();
        kubeOvn.put("type", "kube-ovn");
        kubeOvn.put("server_socket", KUBE_OVN_SOCKET);
        kubeOvn.put("provider", attachment.kubeOvnProvider());
        plugins.add(capability("portmap", "portMappings"));
        return config;
    }

    private static ObjectNode antrea() {
        ObjectNode config = list("antrea");
        ArrayNode plugins = config.putArray("plugins");
        ObjectNode antrea = plugins.addObject();
        antrea.put("type", "antrea");
        antrea.putObject("ipam").put("type", "host-local");
        plugins.add(capability("portmap", "portMappings"));
        plugins.add(capability("bandwidth", "bandwidth"));
        return config;
    }

    /** A single plugin, not a list: ovn-k8s-cni-overlay does its own IPAM and DNS, so both stay empty. */
    private static ObjectNode ovnKubernetes() {
        ObjectNode config = list("ovn-kubernetes");
        config.put("type", "ovn-k8s-cni-overlay");
        config.putObject("ipam");
        config.putObject("dns");
        return config;
    }

    private static ObjectNode list(String name) {
        ObjectNode config = RenderJson.object();
        config.put("cniVersion", CNI_VERSION);
        config.put("name", name);
        return config;
    }

    private static ObjectNode capability(String type, String capability) {
        ObjectNode plugin = RenderJson.object();
        plugin.put("type", type);
        plugin.putObject("capabilities").put(capability, true);
        return plugin;
    }
}
