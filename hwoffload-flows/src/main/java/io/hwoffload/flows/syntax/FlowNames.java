package io.hwoffload.flows.syntax;

/**
 * The words every dump repeats (key and field names, datapath layers), shared instead of copied
 * out of each line: a dump of a million flows would otherwise hold twenty copies per line.
 */
public final class FlowNames {
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
    /** Open addressing over a power-of-two table, hashed like String.hashCode. */
    private static final String[] TABLE = table();

    private FlowNames() {
    }

    private static String[] table() {
        String[] table = new String[256];
        for (String word : WORDS) {
            int slot = word.hashCode() & (table.length - 1);
            while (table[slot] != null) {
                slot = (slot + 1) & (table.length - 1);
            }
            table[slot] = word;
        }
        return table;
    }

    /** String.hashCode of {@code chars[start, end)}. */
    static int hash(char[] chars, int start, int end) {
        int hash = 0;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        return hash;
    }

    /**
     * {@code text[start, end)} (also in {@code chars}, with String.hashCode {@code hash}), as the
     * shared instance when it is a known word.
     */
    static String of(String text, char[] chars, int start, int end, int hash) {
        for (int slot = hash & (TABLE.length - 1); TABLE[slot] != null; slot = (slot + 1) & (TABLE.length - 1)) {
            String word = TABLE[slot];
            if (word.hashCode() == hash && matches(word, chars, start, end)) {
                return word;
            }
        }
        return text.substring(start, end);
    }

    /** True when {@code word} is the shared instance of a known word. */
    static boolean isCanonical(String word) {
        int hash = word.hashCode();
        for (int slot = hash & (TABLE.length - 1); TABLE[slot] != null; slot = (slot + 1) & (TABLE.length - 1)) {
            if (TABLE[slot] == word) {
                return true;
            }
        }
        return false;
    }

    /** The shared instance of a known word, so that lookups by it compare by identity first. */
    public static String canonical(String word) {
        char[] chars = word.toCharArray();
        return of(word, chars, 0, chars.length, hash(chars, 0, chars.length));
    }

    private static boolean matches(String word, char[] chars, int start, int end) {
        if (word.length() != end - start) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (word.charAt(i - start) != chars[i]) {
                return false;
            }
        }
        return true;
    }
}
