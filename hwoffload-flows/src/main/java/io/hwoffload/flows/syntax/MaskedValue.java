package io.hwoffload.flows.syntax;

/**
 * A field value as OVS prints it: {@code value} or {@code value/mask}. The value may be non-zero
 * under a zero mask, so only the mask says whether the field is matched.
 */
public record MaskedValue(String value, String mask) {

    public static MaskedValue parse(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? new MaskedValue(text, null) : new MaskedValue(text.substring(0, slash), text.substring(slash + 1));
    }

    /**
     * True when {@code text[start, end)} is a non-empty mask of all zeros, in any of OVS's
     * notations (0, 0x0, 0.0.0.0, 00:00:00:00:00:00, ::).
     */
    public static boolean isZeroMask(String text, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '0' && c != 'x' && c != '.' && c != ':') {
                return false;
            }
        }
        return true;
    }

    /** Parses a decimal or 0x-hex number, or returns -1 when the text is neither. */
    public static long number(String text) {
        try {
            if (text.startsWith("0x") || text.startsWith("0X")) {
                return Long.parseUnsignedLong(text.substring(2), 16);
            }
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
