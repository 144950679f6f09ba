package io.hwoffload.flows.report;

import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.syntax.DatapathFlow;

import java.util.List;

/**
 * The analysis of one flow.
 *
 * @param offloadedPackets packets forwarded by the NIC: the vendor's {@code offload_packets} when
 *                         the dump has it, all packets of an offloaded flow otherwise
 */
public record FlowVerdict(DatapathFlow flow, OffloadStatus status, List<Reason> reasons,
                          long offloadedPackets, long offloadedBytes) {

    public FlowVerdict {
        reasons = List.copyOf(reasons);
    }

    public long notOffloadedPackets() {
        return flow.packets() - offloadedPackets;
    }
}
