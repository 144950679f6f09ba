package io.hwoffload.flows.syntax;

import java.util.List;

/**
 * One match key of a datapath flow, such as {@code ipv4(src=10.0.1.6,dst=10.0.1.10,frag=no)}.
 * It is a view on the line it came from: the arguments are copied out and parsed only when asked
 * for, because an analysis looks at a handful of keys and a dump can hold millions of lines. The
 * questions classification asks ({@link #field}, {@link #isWildcarded}) are answered from the
 * text directly.
 */
public final class FlowKey {
    private final String name;
    private final String text;
    private final int start;
    private final int end;
    /** The arguments, copied out on first use (a benign race: every thread computes the same). */
    private String args;

    /** A key with these arguments, e.g. {@code new FlowKey("in_port", "15")}. */
    public FlowKey(String name, String args) {
        // Known names must be the shared instances: DatapathFlow.key compares them by identity.
        this(FlowNames.canonical(name), args, 0, args.length());
    }

    /** A key whose arguments are {@code text[start, end)}, already checked to parse. */
    FlowKey(String name, String text, int start, int end) {
        this.name = name;
        this.text = text;
        this.start = start;
        this.end = end;
    }

    public String name() {
        return name;
    }

    /** The text between the key's parentheses. */
    public String args() {
        String copy = args;
        if (copy == null) {
            copy = text.substring(start, end);
            args = copy;
        }
        return copy;
    }

    /** The parsed arguments. */
    public List<FlowTerm> terms() {
        try {
            return TermParser.parseList(text, start, end);
        } catch (FlowSyntaxException e) {
            throw new IllegalStateException("key " + text() + " does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * The value of the top-level {@code field=value} argument as printed (mask included), or null
     * when the key has no such field.
     */
    public String field(String field) {
        int itemStart = start;
        int depth = 0;
        for (int i = start; i <= end; i++) {
            char c = i < end ? text.charAt(i) : ',';
            switch (c) {
                case '(', '{' -> depth++;
                case ')', '}' -> depth--;
                case '"' -> i = TermParser.checkedClosingQuote(text, i, end);
                case ',' -> {
                    if (depth == 0) {
                        int equals = itemStart + field.length();
                        if (equals < i && text.charAt(equals) == '='
                                && text.regionMatches(itemStart, field, 0, field.length())) {
                            return text.substring(equals + 1, i);
                        }
                        itemStart = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }

    /**
     * True when the key constrains nothing: it has values and every one carries a mask of all
     * zeros, as {@code dpctl/dump-flows -m} prints wildcarded fields ({@code dp_hash(0/0)},
     * {@code packet_type(ns=0/0,id=0/0)}).
     */
    public boolean isWildcarded() {
        boolean sawValue = false;
        int i = start;
        while (i < end) {
            char c = text.charAt(i);
            if (isDelimiter(c)) {
                i++;
                continue;
            }
            int slash = -1;
            int valueStart = i;
            while (i < end && !isDelimiter(text.charAt(i))) {
                char v = text.charAt(i);
                if (v == '"') {
                    i = TermParser.checkedClosingQuote(text, i, end);
                } else if (v == '/' && slash < 0) {
                    slash = i;
                }
                i++;
            }
            char next = i < end ? text.charAt(i) : ',';
            if (next == '(' || next == '=') {
                continue; // a name, not a value
            }
            if (slash < 0 || !MaskedValue.isZeroMask(text, slash + 1, i) || slash == valueStart) {
                return false;
            }
            sawValue = true;
        }
        return sawValue;
    }

    private static boolean isDelimiter(char c) {
        return c == ',' || c == '(' || c == ')' || c == '{' || c == '}' || c == '=' || c == ' ';
    }

    public String text() {
        return name + "(" + args() + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlowKey key && key.name.equals(name)
                && key.end - key.start == end - start && text.regionMatches(start, key.text, key.start, end - start);
    }

    @Override
    public int hashCode() {
        int hash = name.hashCode();
        for (int i = start; i < end; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    @Override
    public String toString() {
        return text();
    }
}
