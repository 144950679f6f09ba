package io.hwoffload.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;

import java.util.List;
import java.util.Map;

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
        Coverage coverage,
        @JsonPropertyDescription("How the node's VFs reach the kubelet") DevicePluginStatus devicePlugin,
        @JsonPropertyDescription("Where the node is in its policies' rollout of a disruptive change") RolloutStatus rollout) {

    /** No status yet. */
    public static final NodeStateStatus EMPTY = new NodeStateStatus(null, null, null, null, null, null, null, null, null,
            null);

    public NodeStateStatus withCoverage(Coverage now) {
        return new NodeStateStatus(observedGeneration, conditions, nics, vfsConfigured, appliedSteps, pendingSteps,
                lastError, now, devicePlugin, rollout);
    }

    public NodeStateStatus withDevicePlugin(DevicePluginStatus now) {
        return new NodeStateStatus(observedGeneration, conditions, nics, vfsConfigured, appliedSteps, pendingSteps,
                lastError, coverage, now, rollout);
    }

    public NodeStateStatus withRollout(RolloutStatus now) {
        return new NodeStateStatus(observedGeneration, conditions, nics, vfsConfigured, appliedSteps, pendingSteps,
                lastError, coverage, devicePlugin, now);
    }

    /**
     * The node's part in a rollout: it asks for a slot (WaitingForSlot), drains (Draining) and changes (Applying)
     * once granted, measures offload when the policy asks (Verifying), and ends Done, or Paused when its pods would
     * not leave in time (the node stays cordoned) or its offload fell short.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutStatus(
            @Pattern("^(WaitingForSlot|Draining|Applying|Verifying|Paused|Done)$") String phase,
            @JsonPropertyDescription("When the node first asked for a slot for this change") String requestedAt,
            @JsonPropertyDescription("When the phase began") String since,
            @JsonPropertyDescription("The generation of each policy the change is for") Map<String, Long> generations,
            @JsonPropertyDescription("What happens, or why it paused: the pods that would not leave and why, or the"
                    + " offload measured") String message,
            @JsonPropertyDescription("Whether hwoffload cordoned the node (and so uncordons it)") Boolean cordoned,
            @Pattern("^(DrainTimedOut|VerificationFailed)$") @JsonPropertyDescription("Why it paused") String pausedBecause,
            @JsonPropertyDescription("The hwoffload.io/resume-rollout annotation value last acted on") String resumedWith) {

        public RolloutStatus(String phase, String requestedAt, String since, Map<String, Long> generations, String message,
                             Boolean cordoned) {
            this(phase, requestedAt, since, generations, message, cordoned, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NicStatus(String pciAddress, String model, String driver, String netdev, String eswitchMode,
                            Integer totalVfs, Integer numVfs) {
    }

    /** The kubelet device plugin of the node's pools, as the agent last saw it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DevicePluginStatus(
            @JsonPropertyDescription("builtin: the agent is the device plugin; external: sriov-network-device-plugin")
            String mode,
            @JsonPropertyDescription("Each pool with its healthy and existing VFs, e.g. \"mellanox.com/cx5_sriov 4/4 healthy\"")
            List<String> pools,
            @JsonPropertyDescription("When the kubelet was last sent changed devices (builtin), or the device plugin pod on"
                    + " this node was last restarted to advertise them again (external)")
            String lastAdvertised,
            @JsonPropertyDescription("What happened last, or why the pools are not advertised") String message) {
    }

    /** Offload coverage of the local ovs-vswitchd's datapath flows, from the flows analyzer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Coverage(Long flows, Long offloadedFlows, Long packets, Long offloadedPackets,
                           @JsonPropertyDescription("offloadedPackets / packets, e.g. \"0.97\"") String offloadedPacketRatio,
                           String sampledAt) {
    }
}
