package io.hwoffload.flows.syntax;

/**
 * The words every dump repeats (key and field names, datapath layers), shared instead of copied
 * out of each line: a dump of a million flows would otherwise hold twenty copies per line.
 *
 * <p>Lookups go by a word's <em>packed</em> form: its characters, 7 bits each (the words are
 * ASCII), in a long. The parser packs a name while scanning it, and the packed form of a word of
 * up to {@value #PACKED_LENGTH} characters is the word itself: finding it takes one comparison of
 * longs, not of characters. A longer word keeps only its last characters, so it is compared
 * character by character too.
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
    /** Characters whose packed form is the whole word. */
    static final int PACKED_LENGTH = 9;
    /** Open addressing over power-of-two tables: the words, and their packed forms beside them. */
    private static final int SLOT_BITS = 7;
    private static final String[] TABLE = new String[1 << SLOT_BITS];
    private static final long[] PACKED = new long[1 << SLOT_BITS];
    /** The words again, by String.hashCode, which a String caches: {@link #isCanonical} runs on every lookup of a key a flow lacks. */
    private static final String[] BY_HASH = new String[1 << SLOT_BITS];

    static {
        for (String word : WORDS) {
            long packed = pack(word);
            int slot = slot(packed);
            while (TABLE[slot] != null) {
                slot = next(slot);
            }
            TABLE[slot] = word;
            PACKED[slot] = packed;
            slot = word.hashCode() & (BY_HASH.length - 1);
            while (BY_HASH[slot] != null) {
                slot = next(slot);
            }
            BY_HASH[slot] = word;
        }
    }

    private FlowNames() {
    }

    /** The packed form of a name so far, {@code packed}, followed by the ASCII character {@code c}. */
    static long pack(long packed, char c) {
        return packed << 7 | c;
    }

    private static long pack(String word) {
        long packed = 0;
        for (int i = 0; i < word.length(); i++) {
            packed = pack(packed, word.charAt(i));
        }
        return packed;
    }

    private static int slot(long packed) {
        return (int) ((packed * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }

    private static int next(int slot) {
        return (slot + 1) & (TABLE.length - 1);
    }

    /**
     * The name {@code text[start, end)} (also in {@code chars}), of ASCII characters whose packed
     * form is {@code packed}: the shared instance when it is a known word.
     */
    static String of(String text, char[] chars, int start, int end, long packed) {
        int length = end - start;
        for (int slot = slot(packed); TABLE[slot] != null; slot = next(slot)) {
            if (PACKED[slot] == packed) {
                String word = TABLE[slot];
                if (word.length() == length && (length <= PACKED_LENGTH || matches(word, chars, start))) {
                    return word;
                }
            }
        }
        return text.substring(start, end);
    }

    /** {@code text[start, end)} (also in {@code chars}), as the shared instance when it is a known word. */
    static String of(String text, char[] chars, int start, int end) {
        long packed = 0;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c >= 128) {
                return text.substring(start, end); // the words are ASCII
            }
            packed = pack(packed, c);
        }
        return of(text, chars, start, end, packed);
    }

    /** True when {@code word} is the shared instance of a known word. */
    static boolean isCanonical(String word) {
        for (int slot = word.hashCode() & (BY_HASH.length - 1); BY_HASH[slot] != null; slot = next(slot)) {
            if (BY_HASH[slot] == word) {
                return true;
            }
        }
        return false;
    }

    /** The shared instance of a known word, so that lookups by it compare by identity first. */
    public static String canonical(String word) {
        char[] chars = word.toCharArray();
        return of(word, chars, 0, chars.length);
    }

    private static boolean matches(String word, char[] chars, int start) {
        for (int i = 0; i < word.length(); i++) {
            if (word.charAt(i) != chars[start + i]) {
                return false;
            }
        }
        return true;
    }
}
