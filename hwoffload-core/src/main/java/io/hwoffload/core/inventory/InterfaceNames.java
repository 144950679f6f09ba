package io.hwoffload.core.inventory;

import java.util.regex.Pattern;

/** Linux network interface names: what a policy may name and what may reach a path or an argv. */
public final class InterfaceNames {
    /** IFNAMSIZ is 16 including the NUL; no '/', no whitespace, not "." or "..", no leading '-'. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}");

    /** The rule in words, for error messages. */
    public static final String RULE = "1-15 characters of letters, digits and _ . : @ -, not starting with . or -";

    private InterfaceNames() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
