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

    private final String text;
    private final int end;
    private int pos;

    private TermParser(String text, int start, int end) {
        this.text = text;
        this.pos = start;
        this.end = end;
    }

    /** Parses {@code text[start, end)} as a complete comma-separated term list. */
    public static List<FlowTerm> parseList(String text, int start, int end) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, start, end);
        List<FlowTerm> terms = parser.list('\0');
        if (parser.pos < end) {
            throw new FlowSyntaxException(parser.pos, "unexpected '" + text.charAt(parser.pos) + "'");
        }
        return terms;
    }

    /** The result of parsing an action list: the actions and where the list ended. */
    public record ActionList(List<FlowTerm> actions, int end) {
    }

    /**
     * Parses the action list that follows {@code actions:}. It ends at the end of the line or at a
     * top-level {@code , dp-extra-info:} field, which OVS prints after the actions.
     */
    public static ActionList parseActions(String text, int start) throws FlowSyntaxException {
        TermParser parser = new TermParser(text, start, text.length());
        List<FlowTerm> actions = new ArrayList<>(4);
        parser.skipSpaces();
        if (parser.pos >= parser.end) {
            throw new FlowSyntaxException(parser.pos, "empty action list: OVS prints 'actions:drop' for no actions");
        }
        while (true) {
            actions.add(parser.term());
            parser.skipSpaces();
            if (parser.pos >= parser.end) {
                return new ActionList(actions, parser.pos);
            }
            char c = text.charAt(parser.pos);
            if (c != ',') {
                throw new FlowSyntaxException(parser.pos, "expected ',' between actions, found '" + c + "'");
            }
            int afterComma = parser.pos + 1;
            while (afterComma < parser.end && text.charAt(afterComma) == ' ') {
                afterComma++;
            }
            if (text.startsWith(DP_EXTRA_INFO, afterComma)) {
                return new ActionList(actions, parser.pos);
            }
            parser.pos = afterComma;
        }
    }

    private List<FlowTerm> list(char closer) throws FlowSyntaxException {
        List<FlowTerm> terms = new ArrayList<>(4);
        skipSpaces();
        if (pos < end && text.charAt(pos) == closer) {
            return terms;
        }
        while (true) {
            terms.add(term());
            if (pos >= end) {
                return terms;
            }
            char c = text.charAt(pos);
            if (c == ',') {
                pos++;
                skipSpaces();
            } else if (c == '{' && terms.get(terms.size() - 1) instanceof FlowTerm.Group) {
                continue; // adjacent geneve option groups: {..}{..}
            } else {
                return terms;
            }
        }
    }

    private FlowTerm term() throws FlowSyntaxException {
        if (pos < end && text.charAt(pos) == '{') {
            return group();
        }
        int start = pos;
        scanWord();
        if (pos == start) {
            throw new FlowSyntaxException(pos, pos < end
                    ? "unexpected '" + text.charAt(pos) + "'"
                    : "unexpected end of text: a term is missing");
        }
        String word = text.substring(start, pos);
        if (pos < end) {
            char c = text.charAt(pos);
            if (c == '(') {
                int open = pos++;
                List<FlowTerm> args = list(')');
                if (pos >= end || text.charAt(pos) != ')') {
                    throw new FlowSyntaxException(pos, "'(' at column " + (open + 1) + " is not closed");
                }
                pos++;
                return new FlowTerm.Call(word, args);
            }
            if (c == '=') {
                pos++;
                return new FlowTerm.Assign(word, term());
            }
        }
        return new FlowTerm.Atom(word);
    }

    private FlowTerm group() throws FlowSyntaxException {
        int open = pos++;
        List<FlowTerm> items = list('}');
        if (pos >= end || text.charAt(pos) != '}') {
            throw new FlowSyntaxException(pos, "'{' at column " + (open + 1) + " is not closed");
        }
        pos++;
        return new FlowTerm.Group(items);
    }

    /** Advances over an atom: anything up to a delimiter, with double-quoted names kept whole. */
    private void scanWord() throws FlowSyntaxException {
        while (pos < end) {
            char c = text.charAt(pos);
            switch (c) {
                case ',', '(', ')', '{', '}', '=', ' ' -> {
                    return;
                }
                case '"' -> pos = closingQuote(text, pos, end) + 1;
                default -> pos++;
            }
        }
    }

    private void skipSpaces() {
        while (pos < end && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    /** Offset of the quote that closes the one at {@code open}, honouring backslash escapes. */
    static int closingQuote(String text, int open, int end) throws FlowSyntaxException {
        for (int i = open + 1; i < end; i++) {
            char c = text.charAt(i);
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
    public static int closingParen(String text, int open) throws FlowSyntaxException {
        int depth = 0;
        int length = text.length();
        for (int i = open; i < length; i++) {
            char c = text.charAt(i);
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
                case '"' -> i = closingQuote(text, i, length);
                default -> {
                }
            }
        }
        throw new FlowSyntaxException(open, "'(' is not closed");
    }
}
