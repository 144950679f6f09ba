package io.hwoffload.flows.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted numeric version read from the front of a tool's version text, so that
 * {@code 5.15.0-112-generic}, {@code iproute2-6.1.0} and {@code 3.1.0} compare as numbers.
 */
public record Version(List<Integer> parts, String text) implements Comparable<Version> {
    /**
     * Dotted numbers that start a word (an optional 'v' allowed), so that the 2 of "iproute2" or the date of a
     * snapshot build "ss170705" is not taken for a version.
     */
    private static final Pattern NUMBERS = Pattern.compile("(?<![\\p{Alnum}.])v?(\\d+(?:\\.\\d+)*)");

    public Version {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a version has at least one number");
        }
    }

    /** The first run of dotted numbers that starts a word of {@code text}; empty when there is none. */
    public static java.util.Optional<Version> find(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        Matcher m = NUMBERS.matcher(text);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) {
            try {
                parts.add(Integer.parseInt(part));
            } catch (NumberFormatException tooLong) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(new Version(parts, text.trim()));
    }

    public static Version of(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a version: expected numbers separated by dots, such as 5.7"));
    }

    public boolean isAtLeast(Version minimum) {
        return compareTo(minimum) >= 0;
    }

    @Override
    public int compareTo(Version other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            int mine = i < parts.size() ? parts.get(i) : 0;
            int theirs = i < other.parts.size() ? other.parts.get(i) : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
