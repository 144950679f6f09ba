package io.hwoffload.flows.syntax;

import java.util.List;
import java.util.Map;

/**
 * One datapath flow line of {@code ovs-appctl dpctl/dump-flows}, in any of its forms: with or
 * without {@code -m}, with port numbers or {@code --names}, from the kernel, TC or userspace
 * datapath, with vendor fields.
 *
 * @param line        1-based line number in the dump, headers and blank lines included
 * @param ufid        the flow's unique id, or null when the dump did not print it
 * @param keys        match keys in the order printed (which differs between datapaths)
 * @param packets     packet counter
 * @param bytes       byte counter (TC counts without the 14-byte L2 header)
 * @param used        seconds since last use as printed ({@code 3.990s}, {@code never}), or null
 * @param tcpFlags    TCP flags seen ({@code SFP.}), or null
 * @param offloaded   {@code yes} or {@code partial} when printed, else null
 * @param dp          datapath layer ({@code ovs}, {@code tc}, {@code dpdk}) when printed, else null
 * @param vendorFields fields OVS upstream does not print, such as {@code offload_packets}
 * @param actionsText the actions as printed; {@link #actions()} parses them (the line parser
 *                    checked that they parse)
 * @param dpExtraInfo the {@code dp-extra-info} text, or null
 */
public record DatapathFlow(
        int line,
        String ufid,
        List<FlowKey> keys,
        long packets,
        long bytes,
        String used,
        String tcpFlags,
        String offloaded,
        String dp,
        Map<String, String> vendorFields,
        String actionsText,
        String dpExtraInfo) {

    public DatapathFlow {
        keys = FlowKeys.copyOf(keys);
        vendorFields = Map.copyOf(vendorFields);
    }

    /** The key with this name, or null. */
    public FlowKey key(String name) {
        return ((FlowKeys) keys).find(name);
    }

    /** The single argument of a key such as {@code in_port(15)} or {@code recirc_id(0x2d277)}, or null. */
    public String keyValue(String name) {
        FlowKey key = key(name);
        return key == null ? null : key.args();
    }

    /** A vendor counter such as {@code offload_packets}, or -1 when absent or not a number. */
    public long vendorCounter(String name) {
        String value = vendorFields.get(name);
        return value == null ? -1 : MaskedValue.number(value);
    }

    /** The actions, parsed on each call: most analyses need only {@link FlowActions}' scans of the text. */
    public List<FlowTerm> actions() {
        try {
            return TermParser.parseActions(actionsText, 0, actionsText.length());
        } catch (FlowSyntaxException e) {
            throw new IllegalStateException("actions '" + actionsText + "' do not parse: " + e.getMessage(), e);
        }
    }
}
