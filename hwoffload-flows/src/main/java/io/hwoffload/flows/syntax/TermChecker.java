package io.hwoffload.flows.syntax;

/**
 * Checks the term syntax of flow keys and actions without building terms: it accepts exactly
 * what {@link TermParser} parses, with the same errors. It runs on every key of every line, so
 * it walks the terms with a stack of open brackets instead of recursing: the JIT cannot inline a
 * recursive call per term, and checking that way made parsing 8% slower. One instance serves
 * every line of a dump ({@link #reset}); not thread-safe.
 */
final class TermChecker {
    private String text;
    private char[] chars;
    private int end;
    /** Offsets of the open brackets by depth, outermost at 1. */
    private final int[] opens = new int[TermParser.MAX_DEPTH + 1];
    /**
     * Whether the current term of the list at each depth is a braced group: adjacent groups need
     * no comma between them ({@code geneve({..}{..})}), other terms do.
     */
    private final boolean[] groupTerms = new boolean[TermParser.MAX_DEPTH + 1];

    /** Checks the line {@code text} from now on; {@code chars} holds its text, maybe followed by more. */
    void reset(String text, char[] chars) {
        this.text = text;
        this.chars = chars;
        this.end = text.length();
    }

    /**
     * Checks the arguments of the call whose {@code (} is at {@code open} and returns the offset
     * of the {@code )} that closes it. One pass both finds the end of a flow key and proves that
     * its arguments will parse when they are asked for.
     */
    int callEnd(int open) throws FlowSyntaxException {
        return termEnd(open, true) - 1;
    }

    /**
     * Checks the action list that follows {@code actions:} and returns where it ends: at the end
     * of the line, or at a top-level {@code , dp-extra-info:} field, which OVS prints after the
     * actions.
     */
    int actionsEnd(int start) throws FlowSyntaxException {
        int pos = skipSpaces(chars, start, end);
        if (pos >= end) {
            throw TermParser.emptyActions(pos);
        }
        while (true) {
            pos = skipSpaces(chars, termEnd(pos, false), end);
            if (pos >= end) {
                return pos;
            }
            int next = TermParser.afterActionComma(text, chars, end, pos);
            if (next < 0) {
                return pos;
            }
            pos = next;
        }
    }

    /**
     * Checks one term with everything nested in it and returns the offset after it. The term
     * starts at {@code pos}, or, with {@code atBracket}, its argument list does: {@code pos} is
     * at the opening bracket. All in one method, loops and no calls on the way, so that the JIT
     * compiles it as one piece.
     */
    private int termEnd(int pos, boolean atBracket) throws FlowSyntaxException {
        final char[] chars = this.chars;
        final int end = this.end;
        int depth = 0;
        boolean opening = atBracket;
        terms:
        while (true) {
            if (!opening) {
                // A term starts at pos: words joined by '=', up to its end or its first bracket.
                while (true) {
                    // A group: geneve options {..}, or, within a call, a bare parenthesised list such as the
                    // GRE header's gre((flags=0x2000,proto=0x6558),key=0x1e241) (odp-util.c format_odp_tnl_push_header).
                    if (pos < end && (chars[pos] == '{' || chars[pos] == '(' && depth > 0)) {
                        opening = true;
                        break;
                    }
                    int start = pos;
                    pos = TermParser.wordEnd(chars, pos, end);
                    if (pos == start) {
                        throw TermParser.missingTerm(chars, pos, end);
                    }
                    if (pos < end && chars[pos] == '=') {
                        pos++;
                        continue;
                    }
                    opening = pos < end && chars[pos] == '(';
                    break;
                }
            }
            if (opening) {
                opening = false;
                TermParser.checkDepth(pos, ++depth);
                opens[depth] = pos;
                char closer = chars[pos] == '(' ? ')' : '}';
                pos = skipSpaces(chars, pos + 1, end);
                if (pos >= end || chars[pos] != closer) {
                    groupTerms[depth] = pos < end && chars[pos] == '{';
                    continue;
                }
                pos++; // an empty list
                depth--;
            }
            // A term has ended at pos: another of its list follows, or the list's bracket closes.
            while (depth > 0) {
                if (pos < end) {
                    char c = chars[pos];
                    if (c == ',') {
                        pos = skipSpaces(chars, pos + 1, end);
                        groupTerms[depth] = pos < end && chars[pos] == '{';
                        continue terms;
                    }
                    if (c == '{' && groupTerms[depth]) {
                        continue terms;
                    }
                }
                TermParser.expectCloser(chars, end, pos, opens[depth]);
                pos++;
                depth--;
            }
            return pos;
        }
    }

    private static int skipSpaces(char[] chars, int pos, int end) {
        while (pos < end && chars[pos] == ' ') {
            pos++;
        }
        return pos;
    }
}
