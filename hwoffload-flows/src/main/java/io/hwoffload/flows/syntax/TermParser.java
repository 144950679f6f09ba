package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the nested term syntax inside datapath flow keys and actions. It
 * works on a region of a line so that callers need not copy text, and reports offsets relative
 * to the whole line.
 */
public final class TermParser {
    private static final String DP_EXTRA_INFO = "dp-extra-info:";
    /**
     * Deepest nesting accepted. OVS's own parser stops at 32 ({@code MAX_ODP_NESTED} in
     * {@code lib/odp-util.c}); the limit keeps a corrupt line from overflowing the stack.
     */
    static final int MAX_DEPTH = 64;

    private final String text;
    /** The same text as an array: scanning it is markedly faster than String.charAt. */
    private final char[] chars;
    private final int end;
    /** False when only checking the syntax: then no terms are built and nothing is allocated. */
    private final boolean build;
    private int pos;
    private int depth;
    private List<FlowTerm> terms;

    private TermParser(String text, char[] chars, int start, int end, boolean build) {
        this.text = text;
        this.chars = chars;
        this.pos = start;
        this.end = end;
        this.build = build;
    }

    /** Parses {@code text[start, end)} as a complete comma-separated term list; blank is empty. */
    public static List<FlowTerm> parseList(String text, int start, int end) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, text.toCharArray(), start, end, true);
        parser.completeList();
        return parser.terms;
    }

    private void completeList() throws FlowSyntaxException {
        skipSpaces();
        // An empty key is common: OVS prints eth() when no Ethernet field is matched.
        terms = pos >= end ? List.of() : list('\0');
        if (pos < end) {
            throw new FlowSyntaxException(pos, "unexpected '" + chars[pos] + "'");
        }
    }

    /**
     * Checks the arguments of the call whose {@code (} is at {@code open}, without building terms,
     * and returns the offset of the {@code )} that closes it.
     */
    public static int checkCallArguments(String text, int open) throws FlowSyntaxException {
        return checker(text, text.toCharArray()).callEnd(open);
    }

    /**
     * A syntax checker over one line ({@code chars} holds its text, maybe followed by more): it
     * builds no terms, and one object serves every key of the line.
     */
    static TermParser checker(String text, char[] chars) {
        return new TermParser(text, chars, 0, text.length(), false);
    }

    /**
     * Checks the arguments of the call whose {@code (} is at {@code open} and returns the offset
     * of the {@code )} that closes it. One pass both finds the end of a flow key and proves that
     * its arguments will parse when they are asked for.
     */
    int callEnd(int open) throws FlowSyntaxException {
        pos = open;
        depth = 0;
        int opening = enter();
        list(')');
        close(opening, ')');
        return pos - 1;
    }

    /**
     * Parses the action list that follows {@code actions:}: the whole remaining line, which must
     * already have been found to end at {@code end} by {@link #actionsEnd}.
     */
    public static List<FlowTerm> parseActions(String text, int start, int end) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, text.toCharArray(), start, end, true);
        List<FlowTerm> actions = new ArrayList<>(4);
        parser.actionList(actions);
        return actions;
    }

    /**
     * Checks the action list that follows {@code actions:} and returns where it ends: at the end
     * of the line, or at a top-level {@code , dp-extra-info:} field, which OVS prints after the
     * actions.
     */
    int actionsEnd(int start) throws FlowSyntaxException {
        pos = start;
        depth = 0;
        actionList(null);
        return pos;
    }

    private void actionList(List<FlowTerm> actions) throws FlowSyntaxException {
        skipSpaces();
        if (pos >= end) {
            throw new FlowSyntaxException(pos, "empty action list: OVS prints 'actions:drop' for no actions");
        }
        while (true) {
            FlowTerm action = term();
            if (actions != null) {
                actions.add(action);
            }
            skipSpaces();
            if (pos >= end) {
                return;
            }
            char c = chars[pos];
            if (c != ',') {
                throw new FlowSyntaxException(pos, "expected ',' between actions, found '" + c + "'");
            }
            int afterComma = pos + 1;
            while (afterComma < end && chars[afterComma] == ' ') {
                afterComma++;
            }
            if (text.startsWith(DP_EXTRA_INFO, afterComma)) {
                return;
            }
            pos = afterComma;
        }
    }

    /** A comma-separated list, up to {@code closer} or any other character that cannot follow a term. */
    private List<FlowTerm> list(char closer) throws FlowSyntaxException {
        List<FlowTerm> terms = build ? new ArrayList<>(4) : null;
        skipSpaces();
        if (pos < end && chars[pos] == closer) {
            return terms;
        }
        while (true) {
            boolean group = pos < end && chars[pos] == '{';
            FlowTerm term = term();
            if (build) {
                terms.add(term);
            }
            if (pos >= end) {
                return terms;
            }
            char c = chars[pos];
            if (c == ',') {
                pos++;
                skipSpaces();
            } else if (c == '{' && group) {
                continue; // adjacent geneve option groups: {..}{..}
            } else {
                return terms;
            }
        }
    }

    /** One term; null when only checking. */
    private FlowTerm term() throws FlowSyntaxException {
        if (pos < end && chars[pos] == '{') {
            return group();
        }
        int start = pos;
        scanWord();
        if (pos == start) {
            throw new FlowSyntaxException(pos, pos < end
                    ? "unexpected '" + chars[pos] + "'"
                    : "unexpected end of text: a term is missing");
        }
        if (pos < end) {
            char c = chars[pos];
            if (c == '(') {
                int open = enter();
                List<FlowTerm> args = list(')');
                close(open, ')');
                return build ? new FlowTerm.Call(text.substring(start, open), args) : null;
            }
            if (c == '=') {
                int equals = pos++;
                FlowTerm value = term();
                return build ? new FlowTerm.Assign(text.substring(start, equals), value) : null;
            }
        }
        return build ? new FlowTerm.Atom(text.substring(start, pos)) : null;
    }

    private FlowTerm group() throws FlowSyntaxException {
        int open = enter();
        List<FlowTerm> items = list('}');
        close(open, '}');
        return build ? new FlowTerm.Group(items) : null;
    }

    /** Steps over an opening bracket, one level deeper; returns its offset. */
    private int enter() throws FlowSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw new FlowSyntaxException(pos, "nested deeper than " + MAX_DEPTH + " levels");
        }
        return pos++;
    }

    /** Steps over the bracket that closes the one at {@code open}, one level up. */
    private void close(int open, char closer) throws FlowSyntaxException {
        if (pos >= end) {
            // Point at the bracket left open: the end of the line says nothing.
            throw new FlowSyntaxException(open, "'" + chars[open] + "' is not closed");
        }
        char c = chars[pos];
        if (c != closer) {
            throw new FlowSyntaxException(pos, "expected ',' or '" + closer + "' closing '" + chars[open]
                    + "' at column " + (open + 1) + ", found '" + c + "'");
        }
        pos++;
        depth--;
    }

    /** Advances over an atom: anything up to a delimiter, with double-quoted names kept whole. */
    private void scanWord() throws FlowSyntaxException {
        final char[] cs = chars;
        final int stop = end;
        int p = pos;
        while (p < stop) {
            char c = cs[p];
            if (c < DELIMITERS.length && DELIMITERS[c]) {
                if (c != '"') {
                    break;
                }
                p = closingQuote(cs, p, stop);
            }
            p++;
        }
        pos = p;
    }

    /** Characters that end an atom, and the quote that starts a quoted name. */
    private static final boolean[] DELIMITERS = new boolean[128];

    static {
        for (char c : ",(){}= \"".toCharArray()) {
            DELIMITERS[c] = true;
        }
    }

    private void skipSpaces() {
        while (pos < end && chars[pos] == ' ') {
            pos++;
        }
    }

    /** Offset of the quote that closes the one at {@code open}, honouring backslash escapes. */
    /**
     * For text already checked: offset of the quote closing the one at {@code open}, honouring
     * backslash escapes, or {@code end} when there is none.
     */
    static int checkedClosingQuote(String text, int open, int end) {
        for (int i = open + 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return end;
    }

    static int closingQuote(char[] chars, int open, int end) throws FlowSyntaxException {
        for (int i = open + 1; i < end; i++) {
            char c = chars[i];
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new FlowSyntaxException(open, "quoted name is not closed");
    }

    /**
     * Offset of the parenthesis that closes the one at {@code open}, counting nested parentheses
     * and braces and skipping quoted names.
     */
    static int closingParen(char[] chars, int length, int open) throws FlowSyntaxException {
        int depth = 0;
        for (int i = open; i < length; i++) {
            char c = chars[i];
            switch (c) {
                case '(', '{' -> depth++;
                case ')', '}' -> {
                    if (--depth == 0) {
                        if (c != ')') {
                            throw new FlowSyntaxException(i, "'}' closes '(' at column " + (open + 1));
                        }
                        return i;
                    }
                    if (depth < 0) {
                        throw new FlowSyntaxException(i, "unbalanced '" + c + "'");
                    }
                }
                case '"' -> i = closingQuote(chars, i, length);
                default -> {
                }
            }
        }
        throw new FlowSyntaxException(open, "'(' is not closed");
    }
}
