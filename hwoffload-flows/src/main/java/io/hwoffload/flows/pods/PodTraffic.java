package io.hwoffload.flows.pods;

import io.hwoffload.flows.offload.Reason;
import io.hwoffload.flows.report.FlowVerdict;
import io.hwoffload.flows.syntax.FlowActions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The flows of a dump by whose traffic they carry: a flow belongs to every owner of its input port and of the ports it
 * outputs to (a pod's traffic in and out), once each. Per owner: its ports, flows, packets, the offloaded packets and
 * the reasons the rest is not offloaded, by packets.
 */
public final class PodTraffic {
    private static final int TOP_REASONS = 3;

    private final Function<String, PortOwner> owners;
    private final Map<PortOwner, Tally> tallies = new LinkedHashMap<>();

    /** @param owners the owner of a port as the dump names it (a name with --names, else a datapath number) */
    public PodTraffic(Function<String, PortOwner> owners) {
        this.owners = owners;
    }

    public void add(FlowVerdict verdict) {
        Map<PortOwner, Set<String>> touched = new LinkedHashMap<>();
        String inPort = verdict.flow().keyValue("in_port");
        if (inPort != null) {
            touched.computeIfAbsent(owners.apply(inPort), o -> new TreeSet<>()).add(inPort);
        }
        for (String port : FlowActions.outputPorts(verdict.flow().actionsText())) {
            touched.computeIfAbsent(owners.apply(port), o -> new TreeSet<>()).add(port);
        }
        touched.forEach((owner, ports) -> tallies.computeIfAbsent(owner, o -> new Tally()).add(verdict, ports));
    }

    /** Each pod's traffic, the least offloaded share first (then the most packets). */
    public List<PodTotals> pods() {
        List<PodTotals> pods = new ArrayList<>();
        tallies.forEach((owner, tally) -> {
            if (owner instanceof PortOwner.Pod pod) {
                pods.add(new PodTotals(pod.namespace(), pod.name(), List.copyOf(tally.ports), tally.flows, tally.packets,
                        tally.offloadedPackets, tally.topReasons()));
            }
        });
        pods.sort(Comparator.comparingDouble(PodTotals::sortRatio).thenComparing(PodTotals::packets, Comparator.reverseOrder())
                .thenComparing(PodTotals::namespace).thenComparing(PodTotals::pod));
        return pods;
    }

    /** The node's own traffic, by port role. */
    public List<RoleTotals> roles() {
        Map<PortOwner.PortRole, RoleTotals> roles = new TreeMap<>();
        tallies.forEach((owner, tally) -> {
            if (owner instanceof PortOwner.Node node) {
                roles.put(node.role(), new RoleTotals(node.role().label(), List.copyOf(tally.ports), tally.flows,
                        tally.packets, tally.offloadedPackets, tally.topReasons()));
            }
        });
        return List.copyOf(roles.values());
    }

    /** A pod's traffic. {@code offloadRatio} is null without packets. */
    public record PodTotals(String namespace, String pod, List<String> ports, long flows, long packets,
                            long offloadedPackets, List<ReasonPackets> reasons) {
        public Double offloadRatio() {
            return packets == 0 ? null : (double) offloadedPackets / packets;
        }

        private double sortRatio() {
            return packets == 0 ? 2 : (double) offloadedPackets / packets;
        }
    }

    /** The traffic of the node's ports of one role. */
    public record RoleTotals(String role, List<String> ports, long flows, long packets, long offloadedPackets,
                             List<ReasonPackets> reasons) {
    }

    /** A reason and the packets of the owner's flows it was given for. */
    public record ReasonPackets(String code, String message, long flows, long packets) {
    }

    private static final class Tally {
        private final Set<String> ports = new TreeSet<>();
        private final Map<String, Reason> reasonByCode = new LinkedHashMap<>();
        private final Map<String, long[]> reasonTotals = new LinkedHashMap<>();
        private long flows;
        private long packets;
        private long offloadedPackets;

        void add(FlowVerdict verdict, Set<String> ownPorts) {
            ports.addAll(ownPorts);
            flows++;
            packets += verdict.flow().packets();
            offloadedPackets += verdict.offloadedPackets();
            for (Reason reason : verdict.reasons()) {
                reasonByCode.putIfAbsent(reason.code(), reason);
                long[] totals = reasonTotals.computeIfAbsent(reason.code(), c -> new long[2]);
                totals[0]++;
                totals[1] += verdict.notOffloadedPackets();
            }
        }

        List<ReasonPackets> topReasons() {
            return reasonTotals.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(TOP_REASONS)
                    .map(e -> new ReasonPackets(e.getKey(), reasonByCode.get(e.getKey()).message(), e.getValue()[0],
                            e.getValue()[1]))
                    .toList();
        }
    }
}
