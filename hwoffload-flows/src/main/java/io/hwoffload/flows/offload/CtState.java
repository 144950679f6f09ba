package io.hwoffload.flows.offload;

import io.hwoffload.flows.syntax.MaskedValue;

import java.util.List;

/**
 * The {@code ct_state} key in its three printed forms: flags with signs ({@code -new+est+trk}),
 * flags joined by {@code |} (an exact match), and hex with {@code -m} ({@code 0x22/0x23}).
 */
public record CtState(int value, int mask) {
    /** Flag names in bit order, as OVS names them (OVS_CS_F_*). */
    private static final List<String> FLAGS = List.of("new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat");

    public static int bit(String flag) {
        int index = FLAGS.indexOf(flag);
        if (index < 0) {
            throw new IllegalArgumentException("unknown ct_state flag '" + flag + "', expected one of " + FLAGS);
        }
        return 1 << index;
    }

    /** Parses the argument of {@code ct_state(...)}; unknown flag names are ignored. */
    public static CtState parse(String text) {
        if (text.isEmpty()) {
            return new CtState(0, 0);
        }
        char first = text.charAt(0);
        if (first == '+' || first == '-') {
            return parseSigned(text);
        }
        if (Character.isDigit(first)) {
            MaskedValue masked = MaskedValue.parse(text);
            long value = MaskedValue.number(masked.value());
            long mask = masked.mask() == null ? 0xff : MaskedValue.number(masked.mask());
            return new CtState((int) Math.max(value, 0), (int) Math.max(mask, 0));
        }
        int value = 0;
        for (String flag : text.split("\\|")) {
            int index = FLAGS.indexOf(flag.strip());
            if (index >= 0) {
                value |= 1 << index;
            }
        }
        return new CtState(value, 0xff);
    }

    private static CtState parseSigned(String text) {
        int value = 0;
        int mask = 0;
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i++);
            int start = i;
            while (i < text.length() && text.charAt(i) != '+' && text.charAt(i) != '-') {
                i++;
            }
            int index = flagIndex(text, start, i);
            if (index >= 0) {
                mask |= 1 << index;
                if (sign == '+') {
                    value |= 1 << index;
                }
            }
        }
        return new CtState(value, mask);
    }

    private static int flagIndex(String text, int start, int end) {
        for (int index = 0; index < FLAGS.size(); index++) {
            String flag = FLAGS.get(index);
            if (flag.length() == end - start && text.regionMatches(start, flag, 0, flag.length())) {
                return index;
            }
        }
        return -1;
    }
}
