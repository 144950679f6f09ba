package io.hwoffload.flows.report;

import io.hwoffload.flows.offload.OffloadStatus;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns successive dumps of the same datapath into rates: packets per second that were offloaded
 * and that were not, between two samples. Flows are matched by ufid, or by their match keys when
 * the dump has no ufids. A flow whose counter went down was replaced and counts from zero.
 */
public final class OffloadRateTracker {
    private Map<String, long[]> previous = new HashMap<>();
    private Map<String, long[]> current = new HashMap<>();

    /** One interval between two samples. */
    public record Interval(double seconds, long flows, long offloadedPackets, long notOffloadedPackets,
                           long unknownPackets) {
        public double offloadedPacketsPerSecond() {
            return seconds == 0 ? 0 : offloadedPackets / seconds;
        }

        public double notOffloadedPacketsPerSecond() {
            return seconds == 0 ? 0 : notOffloadedPackets / seconds;
        }

        /** Offloaded share of the packets in this interval; unknown when there were none, or flows of unknown status had some. */
        public OffloadRatio offloadRatio() {
            return OffloadRatio.of(offloadedPackets, offloadedPackets + notOffloadedPackets, unknownPackets);
        }
    }

    /** Adds a flow of the sample being taken. */
    public void add(FlowVerdict verdict) {
        current.put(identity(verdict), new long[] {verdict.flow().packets(), verdict.offloadedPackets(),
                verdict.status() == OffloadStatus.UNKNOWN ? 1 : 0});
    }

    /** Closes the sample: the rates since the previous one (all zero for the first sample). */
    public Interval finishSample(double secondsSincePrevious, boolean first) {
        long offloaded = 0;
        long notOffloaded = 0;
        long unknown = 0;
        for (Map.Entry<String, long[]> entry : current.entrySet()) {
            long[] now = entry.getValue();
            long[] before = previous.get(entry.getKey());
            long packets = now[0];
            long offloadedPackets = now[1];
            if (before != null && before[0] <= now[0] && before[1] <= now[1]) {
                packets -= before[0];
                offloadedPackets -= before[1];
            }
            offloaded += offloadedPackets;
            notOffloaded += packets - offloadedPackets;
            unknown += now[2] == 1 ? packets : 0;
        }
        long flows = current.size();
        previous = current;
        current = new HashMap<>();
        if (first || secondsSincePrevious <= 0) {
            return new Interval(0, flows, 0, 0, 0);
        }
        return new Interval(secondsSincePrevious, flows, offloaded, notOffloaded, unknown);
    }

    private static String identity(FlowVerdict verdict) {
        String ufid = verdict.flow().ufid();
        if (ufid != null) {
            return ufid;
        }
        StringBuilder keys = new StringBuilder();
        verdict.flow().keys().forEach(key -> keys.append(key.text()).append(','));
        return keys.toString();
    }
}
