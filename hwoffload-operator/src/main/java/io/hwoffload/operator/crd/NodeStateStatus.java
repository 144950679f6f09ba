package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;

/** What the node's agent found, did and measured. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeStateStatus(
        @JsonPropertyDescription("The spec generation the agent last acted on") Long observedGeneration,
        @JsonPropertyDescription("Ready: the node matches its spec") List<Condition> conditions,
        List<NicStatus> nics,
        @JsonPropertyDescription("VFs on PFs that a policy selects") Integer vfsConfigured,
        @JsonPropertyDescription("Steps the last apply ran, in order, as shell-equivalent commands") List<String> appliedSteps,
        @JsonPropertyDescription("Steps that wait for a person or for --allow-disruption") List<String> pendingSteps,
        @JsonPropertyDescription("Why the last apply failed, with the fix") String lastError,
        Coverage coverage) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NicStatus(String pciAddress, String model, String driver, String netdev, String eswitchMode,
                            Integer totalVfs, Integer numVfs) {
    }

    /** Offload coverage of the local ovs-vswitchd's datapath flows, from the flows analyzer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Coverage(Long flows, Long offloadedFlows, Long packets, Long offloadedPackets,
                           @JsonPropertyDescription("offloadedPackets / packets, e.g. \"0.97\"") String offloadedPacketRatio,
                           String sampledAt) {
    }
}
