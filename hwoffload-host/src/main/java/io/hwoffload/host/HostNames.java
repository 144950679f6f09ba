package io.hwoffload.host;

import io.hwoffload.core.inventory.InterfaceNames;

import java.util.regex.Pattern;

/**
 * Validators for names that reach a sysfs path or an argv. Anything that fails here never touches the host.
 */
public final class HostNames {
    private static final Pattern DRIVER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private HostNames() {
    }

    public static String requireInterface(String name) {
        if (!InterfaceNames.isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a network interface name: " + InterfaceNames.RULE);
        }
        return name;
    }

    public static boolean isInterface(String name) {
        return InterfaceNames.isValid(name);
    }

    public static String requireDriver(String name) {
        if (name == null || !DRIVER.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a kernel driver name (letters, digits, _ . -)");
        }
        return name;
    }

    public static String requireFeature(String name) {
        if (name == null || !FEATURE.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an ethtool feature name such as hw-tc-offload");
        }
        return name;
    }
}
