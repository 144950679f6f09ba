package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@link DatapathFlow} the way {@code ovs-appctl dpctl/dump-flows} does ({@code lib/dpctl.c}
 * and {@code lib/odp-util.c}): {@code [ufid:U, ]key(args),key(args), packets:N, bytes:N, used:X[,
 * flags:F][, offloaded:yes][, dp:tc], actions:A[, dp-extra-info:I]}. Vendor fields go after the
 * byte counter, where the Yusur build prints {@code offload_packets} and {@code offload_bytes}.
 * Test-side only: the product never prints flows.
 */
final class OvsFlowFormatter {
    private OvsFlowFormatter() {
    }

    static String format(DatapathFlow flow) {
        return format(flow, flow.keys());
    }

    /** Prints the flow with its keys in the given order, as another datapath might. */
    static String format(DatapathFlow flow, List<FlowKey> keys) {
        StringBuilder out = new StringBuilder(256);
        if (flow.ufid() != null) {
            out.append("ufid:").append(flow.ufid()).append(", ");
        }
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(keys.get(i).text());
        }
        List<String> fields = new ArrayList<>();
        fields.add("packets:" + flow.packets());
        fields.add("bytes:" + flow.bytes());
        for (Map.Entry<String, String> vendor : flow.vendorFields().entrySet()) {
            fields.add(vendor.getKey() + ":" + vendor.getValue());
        }
        if (flow.used() != null) {
            fields.add("used:" + flow.used());
        }
        if (flow.tcpFlags() != null) {
            fields.add("flags:" + flow.tcpFlags());
        }
        if (flow.offloaded() != null) {
            fields.add("offloaded:" + flow.offloaded());
        }
        if (flow.dp() != null) {
            fields.add("dp:" + flow.dp());
        }
        fields.add("actions:" + actions(flow.actions()));
        if (flow.dpExtraInfo() != null) {
            fields.add("dp-extra-info:" + flow.dpExtraInfo());
        }
        if (!keys.isEmpty()) {
            out.append(", ");
        }
        out.append(String.join(", ", fields));
        return out.toString();
    }

    /** Actions are always comma-separated: OVS's action printer has no brace-group rule. */
    static String actions(List<FlowTerm> actions) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < actions.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            actions.get(i).appendTo(out);
        }
        return out.toString();
    }

    static FlowKey key(String name, List<FlowTerm> terms) {
        return new FlowKey(name, FlowTerm.formatList(terms));
    }
}
