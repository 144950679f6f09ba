package io.hwoffload.core.render;

import java.util.regex.Pattern;

/** A {@code NAME=value} line of a file that installers source as shell. */
final class ShellAssignment {
    /** Values of only these characters are written bare; Yunsilicon's own file quotes the rest ("2048,2048"). */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:-]+");

    private ShellAssignment() {
    }

    /**
     * The line for a value the policy reader has already restricted to characters without meaning inside
     * double quotes (no quote, {@code $}, backslash or backtick), so quoting needs no escapes.
     */
    static String line(String name, String value) {
        return name + "=" + (BARE.matcher(value).matches() ? value : "\"" + value + "\"");
    }
}
