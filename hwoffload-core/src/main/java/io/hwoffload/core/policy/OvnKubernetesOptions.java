package io.hwoffload.core.policy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * OVN-Kubernetes node settings: the node mode ({@code OVNKUBE_NODE_MODE}); on a DPU host, the management port by
 * netdev (the VF {@code managementVf}: {@code OVNKUBE_NODE_MGMT_PORT_NETDEV}, Helm {@code nodeMgmtPortNetdev}) or by
 * device plugin resource (the pool {@code managementPortPool}, {@code managementPortVfs} of its VFs: Helm
 * {@code mgmtPortVFResourceName} and {@code mgmtPortVFsCount}, which OVN-Kubernetes prefers and needs for primary
 * user-defined networks); on the DPU, the host's node name, the gateway interface and next hop (OVS external_ids
 * {@code host-k8s-nodename}, {@code ovn-gw-interface}, {@code ovn-gw-nexthop}) and the rest of what
 * {@code docs/installation/launching-ovn-kubernetes-with-dpu.md} asks of the DPU ({@link Dpu}).
 */
public record OvnKubernetesOptions(NodeMode nodeMode, Integer managementVf, String managementPortPool,
                                   Integer managementPortVfs, String hostNodeName, String gatewayInterface,
                                   String gatewayNexthop, Dpu dpu) {

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

    /**
     * The DPU's own OVN settings, each null when not given: external_ids {@code ovn-encap-ip}, {@code ovn-encap-type},
     * {@code hostname} (the OVN chassis name), {@code ovn-gw-router-subnet} (when the DPU and its host are in different
     * subnets), {@code ovn-gw-vlanid}; and the host cluster that the DPU's ovnkube watches (Helm global
     * {@code dpuHostClusterK8sAPIServer}, {@code dpuHostClusterNetworkCIDR}, {@code dpuHostClusterServiceCIDR}).
     */
    public record Dpu(String encapIp, String encapType, String chassisHostname, String gatewayRouterSubnet,
                      Integer gatewayVlanId, HostCluster hostCluster) {
        public static final Dpu NONE = new Dpu(null, null, null, null, null, null);
    }

    /** The DPU host cluster as the DPU side's chart takes it: its API server URL and its two CIDRs. */
    public record HostCluster(String apiServer, String networkCidr, String serviceCidr) {
    }
}
