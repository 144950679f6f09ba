package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a flow's actions do with the packet: where it is output, where it recirculates. */
public final class FlowActions {
    /** Bare-word actions that are not output ports. */
    private static final Set<String> KEYWORDS = Set.of("drop", "pop_vlan", "pop_eth", "pop_nsh", "ct_clear");

    private FlowActions() {
    }

    /** Ports the top-level actions output to, by number or by name as printed. */
    public static List<String> outputPorts(List<FlowTerm> actions) {
        List<String> ports = new ArrayList<>(2);
        for (FlowTerm action : actions) {
            if (action instanceof FlowTerm.Atom atom && !KEYWORDS.contains(atom.value())) {
                ports.add(atom.value());
            }
        }
        return ports;
    }

    /** Recirculation ids of every {@code recirc(0xN)} action, nested ones included. */
    public static List<Long> recircTargets(List<FlowTerm> actions) {
        List<Long> targets = new ArrayList<>(1);
        collectRecirc(actions, targets);
        return targets;
    }

    private static void collectRecirc(List<FlowTerm> terms, List<Long> targets) {
        for (FlowTerm term : terms) {
            if (term instanceof FlowTerm.Call call) {
                if (call.name().equals("recirc") && call.args().size() == 1
                        && call.args().get(0) instanceof FlowTerm.Atom id) {
                    long value = MaskedValue.number(id.value());
                    if (value >= 0) {
                        targets.add(value);
                    }
                } else {
                    collectRecirc(call.args(), targets);
                }
            }
        }
    }

    /** The flow's own recirculation id: its {@code recirc_id(...)} key, 0 when absent. */
    public static long recircId(DatapathFlow flow) {
        String value = flow.keyValue("recirc_id");
        if (value == null) {
            return 0;
        }
        return MaskedValue.number(MaskedValue.parse(value).value());
    }
}
