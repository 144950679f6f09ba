package io.hwoffload.cli.flows;

import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.FlowActions;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The first read of the report's recirculation graph: the busiest flows by packets, kept in a
 * bounded heap so that a dump of millions of flows costs only the few it keeps, and the
 * recirculation ids that link other flows to them (found on the second read).
 */
final class BusiestFlows {
    /** Fewest packets first, and of equal ones the later line, so the heap drops those first. */
    static final Comparator<Busy> LEAST_BUSY_FIRST =
            Comparator.comparingLong(Busy::packets).thenComparing(Comparator.comparingInt(Busy::line).reversed());

    /** What ranks a flow among the busiest. */
    interface Busy {
        int line();

        long packets();
    }

    private record Kept(int line, long packets, long recircId, List<Long> targets) implements Busy {
    }

    /**
     * @param packetsByLine the busiest flows' lines, with their packets to recognise them by
     * @param targets       recirculation ids they recirculate to: flows matching one follow them
     * @param recircIds     their own non-zero recirculation ids: flows recirculating to one lead to them
     */
    record Selection(Map<Integer, Long> packetsByLine, Set<Long> targets, Set<Long> recircIds) {
        /** Whether a flow not selected itself is linked to a selected one by recirculation. */
        boolean linksTo(long recircId, List<Long> flowTargets) {
            return recircId != 0 && targets.contains(recircId) || flowTargets.stream().anyMatch(recircIds::contains);
        }
    }

    private final int limit;
    private final PriorityQueue<Kept> kept = new PriorityQueue<>(LEAST_BUSY_FIRST);

    BusiestFlows(int limit) {
        this.limit = limit;
    }

    void add(FlowVerdict verdict) {
        DatapathFlow flow = verdict.flow();
        Kept least = kept.peek();
        if (kept.size() == limit && flow.packets() <= least.packets()) {
            // a later line with equal packets ranks lower: it would be dropped at once
            return;
        }
        kept.add(new Kept(flow.line(), flow.packets(), FlowActions.recircId(flow),
                FlowActions.recircTargets(flow.actionsText())));
        if (kept.size() > limit) {
            kept.poll();
        }
    }

    Selection selection() {
        Map<Integer, Long> packetsByLine = new HashMap<>();
        Set<Long> targets = new HashSet<>();
        Set<Long> recircIds = new HashSet<>();
        for (Kept flow : kept) {
            packetsByLine.put(flow.line(), flow.packets());
            targets.addAll(flow.targets());
            if (flow.recircId() != 0) {
                recircIds.add(flow.recircId());
            }
        }
        return new Selection(packetsByLine, targets, recircIds);
    }
}
