package io.hwoffload.host.exec;

import java.util.regex.Pattern;

/**
 * A named network namespace as {@code ip netns} knows it ({@code /run/netns/<name>}). The name goes into an argv
 * and, for iproute2, into a path, so it is checked: no '/', no whitespace, not "." or "..".
 */
public record NetworkNamespace(String name) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public NetworkNamespace {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a network namespace name: 1-64 letters,"
                    + " digits and _ . -, not starting with . or -");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
