package io.hwoffload.operator.agent;

import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.operator.crd.NodeStateStatus.Coverage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Offload coverage of one datapath flow dump: totals, and flows and packets per offload status (every status
 * present, zero included, so that metrics keep stable series), and the codes of the reasons that kept the most
 * packets from being offloaded (as {@code flows analyze} names them), most first.
 */
public record CoverageSample(long flows, long offloadedFlows, long packets, long offloadedPackets,
                             Map<OffloadStatus, Long> flowsByStatus, Map<OffloadStatus, Long> packetsByStatus,
                             List<String> topReasons, Instant sampledAt) {

    public CoverageSample {
        flowsByStatus = Map.copyOf(flowsByStatus);
        packetsByStatus = Map.copyOf(packetsByStatus);
        topReasons = List.copyOf(topReasons);
    }

    /** Offloaded packets over all packets; empty when no packet was counted (0/0 says nothing). */
    public Optional<Double> offloadRatio() {
        return packets == 0 ? Optional.empty() : Optional.of((double) offloadedPackets / packets);
    }

    /** As the status reports it: the ratio to four places ("0.9734", "1", "0"), absent without packets. */
    public Coverage toStatus() {
        String ratio = packets == 0 ? null : BigDecimal.valueOf(offloadedPackets)
                .divide(BigDecimal.valueOf(packets), 4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return new Coverage(flows, offloadedFlows, packets, offloadedPackets, ratio,
                sampledAt.truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
