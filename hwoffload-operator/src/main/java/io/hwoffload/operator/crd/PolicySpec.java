package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;

import java.util.List;
import java.util.Map;

/**
 * The OffloadPolicy spec as the API server stores it. The schema generated from these records rejects
 * malformed policies at admission; {@code PolicyReader} then checks everything a schema cannot (pools
 * against numVfs, options of the wrong CNI, shell-safe values) with the same messages as the CLI.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicySpec(
        @JsonPropertyDescription("Labels a node must have; empty selects every node") Map<String, String> nodeSelector,
        @Required @JsonPropertyDescription("Which physical functions the policy configures") NicSelector nicSelector,
        @Min(0) @Max(65535) @JsonPropertyDescription("VFs per PF; absent leaves the count alone") Integer numVfs,
        @Pattern("^(legacy|switchdev)$") @JsonPropertyDescription("eSwitch mode, default switchdev") String eswitchMode,
        @JsonPropertyDescription("Turn on the PF's hw-tc-offload feature") Boolean hwTcOffload,
        @JsonPropertyDescription("SR-IOV device plugin pools carved from the VFs") List<ResourcePoolSpec> resourcePools,
        CniSpec cni,
        OvsSpec ovs,
        @JsonPropertyDescription("How disruptive changes roll out across the selected nodes") RolloutSpec rollout) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutSpec(
            @JsonPropertyDescription("Nodes of this policy disrupted at once: a number from 1, or a percentage of the"
                    + " matched nodes such as 25%; default 1") IntOrString maxUnavailable,
            @Pattern("^(vfPods|all|none)$") @JsonPropertyDescription("Pods evicted before VFs are removed: vfPods"
                    + " (default: those holding a VF of a PF being changed), all (but DaemonSets' and mirror pods), none")
            String drain,
            @Pattern("^[0-9]{1,6}(s|m|h)$") @JsonPropertyDescription("How long the pods may take to leave, default 10m;"
                    + " then the rollout pauses with the node cordoned") String drainTimeout,
            VerifySpec verify,
            @Min(0) @JsonPropertyDescription("Nodes that go first, one at a time, before maxUnavailable applies; default 0")
            Integer canary) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerifySpec(
            @Required @Min(0) @Max(1) @JsonPropertyDescription("Offloaded share of packets a changed node must reach, e.g. 0.9")
            Double minOffloadRatio,
            @Min(0) @JsonPropertyDescription("Packets the ratio needs at least, default 1000") Integer minPackets,
            @Pattern("^[0-9]{1,6}(s|m|h)$") @JsonPropertyDescription("How long the node has to reach it, default 5m")
            String window,
            @Pattern("^(pause|continue)$") @JsonPropertyDescription("pause (default: no further node until resumed) or"
                    + " continue (go on and report)") String onFailure) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record NicSelector(
            @Pattern("^[0-9a-fA-F]{4}$") @JsonPropertyDescription("PCI vendor id, e.g. 15b3") String vendor,
            @Pattern("^[0-9a-fA-F]{4}$") @JsonPropertyDescription("PCI device id of the PF, e.g. 1017") String deviceID,
            @JsonPropertyDescription("PF netdev names") List<String> pfNames,
            @JsonPropertyDescription("PF PCI addresses, e.g. 0000:03:00.0") List<String> rootDevices) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourcePoolSpec(
            @Required @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String resourcePrefix,
            @Required @Pattern("^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$") String resourceName,
            @Required @Pattern("^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$") @JsonPropertyDescription("VF indexes and ranges, e.g. 0-3 or 0,2-7") String vfRange,
            Boolean isRdma) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CniSpec(
            @Required @Pattern("^(kube-ovn|antrea|ovn-kubernetes)$") String type,
            NetworkAttachment networkAttachment,
            KubeOvn kubeOvn,
            OvnKubernetes ovnKubernetes) {
    }

    public record NetworkAttachment(@Required String name, @Required String namespace) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KubeOvn(String iface, Boolean enableLb,
                          @JsonPropertyDescription("Yunsilicon fork: /opt/ovs-config/ovs-dpdk-config values")
                          Map<String, String> ovsDpdkConfig) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OvnKubernetes(@Pattern("^(full|dpu-host|dpu)$") String nodeMode,
                                @Min(0) @JsonPropertyDescription("the management port by netdev: this VF") Integer managementVf,
                                @JsonPropertyDescription("the management port by device plugin resource: the resourceName"
                                        + " of a pool of spec.resourcePools") String managementPortPool,
                                @Min(1) @JsonPropertyDescription("VFs of managementPortPool ovnkube-node takes (default 1)")
                                Integer managementPortVfs,
                                String hostNodeName, String gatewayInterface, String gatewayNexthop,
                                @JsonPropertyDescription("DPU: external_ids:ovn-encap-ip") String encapIp,
                                @Pattern("^(geneve|vxlan)$") String encapType,
                                @JsonPropertyDescription("DPU: external_ids:hostname, the OVN chassis name") String chassisHostname,
                                String gatewayRouterSubnet,
                                @Min(1) @Max(4094) Integer gatewayVlanId,
                                @JsonPropertyDescription("DPU: the DPU host cluster its ovnkube watches") HostCluster hostCluster) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HostCluster(@Required String apiServer, String networkCidr, String serviceCidr) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OvsSpec(Boolean hwOffload, @Pattern("^(none|skip_sw|skip_hw)$") String tcPolicy,
                          @Min(0) Integer maxIdle, List<OvsBridgeSpec> bridges) {
    }

    public record OvsBridgeSpec(@Required String name, List<String> ports) {
    }
}
