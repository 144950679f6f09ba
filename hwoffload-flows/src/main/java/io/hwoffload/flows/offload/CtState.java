package io.hwoffload.flows.offload;

import java.util.List;

/**
 * The {@code ct_state} key in its three printed forms: flags with signs ({@code -new+est+trk}),
 * flags joined by {@code |} (an exact match), and hex with {@code -m} ({@code 0x22/0x23}).
 */
public record CtState(int value, int mask) {
    /** Flag names in bit order, as OVS names them (OVS_CS_F_*). */
    private static final List<String> FLAGS = List.of("new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat");
    /** The flag names, a byte a character, in bit order. */
    private static final int[] PACKED_FLAGS = FLAGS.stream()
            .mapToInt(flag -> flag.chars().reduce(0, (packed, c) -> packed << 8 | c))
            .toArray();

    public static int bit(String flag) {
        return switch (flag) {
            case "new" -> 0x01;
            case "est" -> 0x02;
            case "rel" -> 0x04;
            case "rpl" -> 0x08;
            case "inv" -> 0x10;
            case "trk" -> 0x20;
            case "snat" -> 0x40;
            case "dnat" -> 0x80;
            default -> throw new IllegalArgumentException("unknown ct_state flag '" + flag + "', expected one of " + FLAGS);
        };
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
        if (first >= '0' && first <= '9') {
            int slash = text.indexOf('/');
            int value = number(text, 0, slash < 0 ? text.length() : slash);
            int mask = slash < 0 ? 0xff : number(text, slash + 1, text.length());
            return new CtState(value, mask);
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

    /** A decimal or 0x-hex number in {@code text[start, end)}, 0 when it is neither (ct_state is 8 bits). */
    private static int number(String text, int start, int end) {
        int radix = 10;
        if (end - start > 2 && text.charAt(start) == '0' && (text.charAt(start + 1) == 'x' || text.charAt(start + 1) == 'X')) {
            radix = 16;
            start += 2;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            int digit = Character.digit(text.charAt(i), radix);
            if (digit < 0 || value > 0xffff) {
                return 0;
            }
            value = value * radix + digit;
        }
        return value;
    }

    private static CtState parseSigned(String text) {
        int value = 0;
        int mask = 0;
        int i = 0;
        while (i < text.length()) {
            char sign = text.charAt(i++);
            int start = i;
            int packed = 0; // the flag's name, a byte a character, as in PACKED_FLAGS
            boolean ascii = true;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '+' || c == '-') {
                    break;
                }
                packed = packed << 8 | c;
                ascii &= c < 128;
            }
            int index = ascii && i - start <= 4 ? flagIndex(packed) : -1;
            if (index >= 0) {
                mask |= 1 << index;
                if (sign == '+') {
                    value |= 1 << index;
                }
            }
        }
        return new CtState(value, mask);
    }

    /** The bit index of the flag whose packed name is {@code packed}, or -1. */
    private static int flagIndex(int packed) {
        for (int index = 0; index < PACKED_FLAGS.length; index++) {
            if (PACKED_FLAGS[index] == packed) {
                return index;
            }
        }
        return -1;
    }
}
