package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the nested term syntax inside datapath flow keys and actions. It
 * works on a region of a line so that callers need not copy text, and reports offsets relative
 * to the whole line. The line parser checks the same grammar with {@link TermChecker}, which
 * builds nothing; this parser builds terms on demand from text already checked.
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
    private int pos;
    private int depth;
    /** The text is a call's arguments (a key's), where a bare parenthesised list may stand. */
    private boolean inCall;

    private TermParser(String text, int start, int end) {
        this.text = text;
        this.chars = text.toCharArray();
        this.pos = start;
        this.end = end;
    }

    /** Parses {@code text[start, end)} as a complete comma-separated term list; blank is empty. */
    public static List<FlowTerm> parseList(String text, int start, int end) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, start, end);
        parser.inCall = true;
        parser.skipSpaces();
        // An empty key is common: OVS prints eth() when no Ethernet field is matched.
        List<FlowTerm> terms = parser.pos >= end ? List.of() : parser.list('\0');
        if (parser.pos < end) {
            throw new FlowSyntaxException(parser.pos, "unexpected '" + parser.chars[parser.pos] + "'");
        }
        return terms;
    }

    /**
     * Parses the action list that follows {@code actions:}: the whole remaining line, which must
     * already have been found to end at {@code end} by {@link TermChecker#actionsEnd}.
     */
    public static List<FlowTerm> parseActions(String text, int start, int end) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, start, end);
        List<FlowTerm> actions = new ArrayList<>(4);
        parser.skipSpaces();
        if (parser.pos >= end) {
            throw emptyActions(parser.pos);
        }
        while (true) {
            actions.add(parser.term());
            parser.skipSpaces();
            if (parser.pos >= end) {
                return actions;
            }
            int afterComma = afterActionComma(text, parser.chars, end, parser.pos);
            if (afterComma < 0) {
                return actions;
            }
            parser.pos = afterComma;
        }
    }

    /** A comma-separated list, up to {@code closer} or any other character that cannot follow a term. */
    private List<FlowTerm> list(char closer) throws FlowSyntaxException {
        List<FlowTerm> terms = new ArrayList<>(4);
        skipSpaces();
        if (pos < end && chars[pos] == closer) {
            return terms;
        }
        while (true) {
            boolean group = pos < end && chars[pos] == '{';
            terms.add(term());
            if (pos >= end) {
                return terms;
            }
            char c = chars[pos];
            if (c == ',') {
                pos++;
                skipSpaces();
            } else if (c != '{' || !group) { // adjacent geneve option groups need no comma: {..}{..}
                return terms;
            }
        }
    }

    private FlowTerm term() throws FlowSyntaxException {
        if (pos < end && chars[pos] == '{') {
            int open = open();
            List<FlowTerm> items = list('}');
            close(open);
            return new FlowTerm.Group(items);
        }
        if (pos < end && chars[pos] == '(' && (depth > 0 || inCall)) {
            // A bare parenthesised list within a call: the GRE header's gre((flags=0x2000,proto=0x6558),...).
            int open = open();
            List<FlowTerm> args = list(')');
            close(open);
            return new FlowTerm.Call("", args);
        }
        int start = pos;
        pos = wordEnd(chars, pos, end);
        if (pos == start) {
            throw missingTerm(chars, pos, end);
        }
        if (pos < end) {
            char c = chars[pos];
            if (c == '(') {
                int open = open();
                List<FlowTerm> args = list(')');
                close(open);
                return new FlowTerm.Call(text.substring(start, open), args);
            }
            if (c == '=') {
                int equals = pos++;
                FlowTerm value = term();
                return new FlowTerm.Assign(text.substring(start, equals), value);
            }
        }
        return new FlowTerm.Atom(text.substring(start, pos));
    }

    /** Steps over an opening bracket, one level deeper; returns its offset. */
    private int open() throws FlowSyntaxException {
        checkDepth(pos, ++depth);
        return pos++;
    }

    /** Steps over the bracket that closes the one at {@code open}, one level up. */
    private void close(int open) throws FlowSyntaxException {
        expectCloser(chars, end, pos, open);
        pos++;
        depth--;
    }

    private void skipSpaces() {
        while (pos < end && chars[pos] == ' ') {
            pos++;
        }
    }

    // --- The grammar's pieces, shared with TermChecker so that both accept and reject alike. ----

    /**
     * Characters that end an atom, and the quote that starts a quoted name. Indexed by any char,
     * so that the scan needs no range check (parsing is 4% faster); lines touch only its first
     * cache lines.
     */
    private static final boolean[] DELIMITERS = new boolean[Character.MAX_VALUE + 1];

    static {
        for (char c : ",(){}= \"".toCharArray()) {
            DELIMITERS[c] = true;
        }
    }

    /** End of the atom at {@code pos}: anything up to a delimiter, with double-quoted names kept whole. */
    static int wordEnd(char[] chars, int pos, int end) throws FlowSyntaxException {
        while (pos < end) {
            char c = chars[pos];
            if (DELIMITERS[c]) {
                if (c != '"') {
                    break;
                }
                pos = closingQuote(chars, pos, end);
            }
            pos++;
        }
        return pos;
    }

    /** Checks the nesting {@code depth} that the opening bracket at {@code bracket} reaches. */
    static void checkDepth(int bracket, int depth) throws FlowSyntaxException {
        if (depth > MAX_DEPTH) {
            throw new FlowSyntaxException(bracket, "nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    /** Checks that {@code chars[pos]} closes the bracket at {@code open}. */
    static void expectCloser(char[] chars, int end, int pos, int open) throws FlowSyntaxException {
        char closer = chars[open] == '(' ? ')' : '}';
        if (pos >= end) {
            // Point at the bracket left open: the end of the line says nothing.
            throw new FlowSyntaxException(open, "'" + chars[open] + "' is not closed");
        }
        char c = chars[pos];
        if (c != closer) {
            throw new FlowSyntaxException(pos, "expected ',' or '" + closer + "' closing '" + chars[open]
                    + "' at column " + (open + 1) + ", found '" + c + "'");
        }
    }

    /** For a term that should start at {@code pos} but does not. */
    static FlowSyntaxException missingTerm(char[] chars, int pos, int end) {
        return new FlowSyntaxException(pos, pos < end
                ? "unexpected '" + chars[pos] + "'"
                : "unexpected end of text: a term is missing");
    }

    static FlowSyntaxException emptyActions(int pos) {
        return new FlowSyntaxException(pos, "empty action list: OVS prints 'actions:drop' for no actions");
    }

    /**
     * After an action and the spaces that follow it, at {@code pos} before {@code end}: the offset
     * of the next action, or -1 when a top-level {@code , dp-extra-info:} field, which OVS prints
     * after the actions, ends them here.
     */
    static int afterActionComma(String text, char[] chars, int end, int pos) throws FlowSyntaxException {
        char c = chars[pos];
        if (c != ',') {
            throw new FlowSyntaxException(pos, "expected ',' between actions, found '" + c + "'");
        }
        int next = pos + 1;
        while (next < end && chars[next] == ' ') {
            next++;
        }
        return text.startsWith(DP_EXTRA_INFO, next) ? -1 : next;
    }

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

    /** Offset of the quote that closes the one at {@code open}, honouring backslash escapes. */
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
