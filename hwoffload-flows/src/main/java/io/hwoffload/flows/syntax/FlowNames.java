package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * The words every dump repeats (key and field names, datapath layers), shared instead of copied
 * out of each line: a dump of a million flows would otherwise hold twenty copies per line.
 */
final class FlowNames {
    private static final String[] WORDS = {
        // keys (lib/odp-util.c)
        "skb_priority", "skb_mark", "ct_state", "ct_zone", "ct_mark", "ct_label", "ct_tuple4", "ct_tuple6",
        "recirc_id", "dp_hash", "in_port", "packet_type", "eth", "eth_type", "vlan", "encap", "ipv4", "ipv6",
        "tcp", "tcp_flags", "udp", "sctp", "icmp", "icmpv6", "arp", "nd", "nd_ext", "mpls", "tunnel", "nsh",
        // fields (lib/dpctl.c) and vendor additions
        "ufid", "packets", "bytes", "used", "flags", "offloaded", "dp", "actions", "dp-extra-info",
        "offload_packets", "offload_bytes",
        // values of offloaded: and dp:
        "yes", "partial", "no", "ovs", "tc", "dpdk",
    };
    private static final String[][] BY_LENGTH = byLength();

    private FlowNames() {
    }

    private static String[][] byLength() {
        int longest = 0;
        for (String word : WORDS) {
            longest = Math.max(longest, word.length());
        }
        List<List<String>> buckets = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            buckets.add(new ArrayList<>());
        }
        for (String word : WORDS) {
            buckets.get(word.length()).add(word);
        }
        return buckets.stream().map(bucket -> bucket.toArray(String[]::new)).toArray(String[][]::new);
    }

    /** {@code text[start, end)}, as the shared instance when it is a known word. */
    static String of(String text, int start, int end) {
        int length = end - start;
        if (length < BY_LENGTH.length) {
            char first = text.charAt(start);
            for (String word : BY_LENGTH[length]) {
                if (word.charAt(0) == first && text.regionMatches(start, word, 0, length)) {
                    return word;
                }
            }
        }
        return text.substring(start, end);
    }
}
