package io.hwoffload.core.pci;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A PCI vendor or device id as four lower-case hex digits, the form lspci, the SR-IOV device plugin's
 * selectors and our catalog use ({@code 15b3}). sysfs prints it as {@code 0x15b3}; both are accepted.
 */
public final class PciId {
    private static final Pattern FORM = Pattern.compile("(?:0x)?[0-9a-fA-F]{4}");

    private PciId() {
    }

    /** The canonical form, or an exception naming the bad text. */
    public static String normalize(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (!FORM.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a PCI id: expected four hex digits such as 15b3");
        }
        return trimmed.substring(trimmed.length() - 4).toLowerCase(Locale.ROOT);
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text.trim()).matches();
    }
}
