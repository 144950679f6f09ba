package io.hwoffload.core.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * OVN-Kubernetes node settings: the node mode ({@code OVNKUBE_NODE_MODE}); on a DPU host, the VF that is
 * the management port ({@code OVNKUBE_NODE_MGMT_PORT_NETDEV}); on the DPU, the host's node name, the gateway
 * interface and next hop (OVS external_ids {@code host-k8s-nodename}, {@code ovn-gw-interface},
 * {@code ovn-gw-nexthop}).
 */
public record OvnKubernetesOptions(NodeMode nodeMode, Integer managementVf, String hostNodeName,
                                   String gatewayInterface, String gatewayNexthop) {

    public enum NodeMode {
        FULL("full"), DPU_HOST("dpu-host"), DPU("dpu");

        private final String label;

        NodeMode(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }

        public static Optional<NodeMode> fromLabel(String label) {
            return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst();
        }
    }
}
