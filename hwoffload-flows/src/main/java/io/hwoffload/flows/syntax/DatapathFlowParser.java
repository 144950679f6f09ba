package io.hwoffload.flows.syntax;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines of {@code ovs-appctl dpctl/dump-flows} (grammar: OVS {@code lib/dpctl.c} and
 * {@code lib/odp-util.c}). Fields are recognised by name, never by position: key order differs
 * between datapaths and vendor builds insert fields of their own. A bad line yields a
 * {@link DumpLine.Error} with its column, never an exception. Not thread-safe: it reuses one
 * buffer for every line, so a dump of millions of lines does not copy each one.
 */
public final class DatapathFlowParser {
    private static final String THREAD_HEADER = "flow-dump from ";

    private char[] buffer = new char[512];
    /** The keys of the line being parsed, names and argument bounds; the flow gets copies of the right size. */
    private String[] keyNames = new String[32];
    private int[] keyBounds = new int[64];
    private final TermChecker checker = new TermChecker();

    public DumpLine parse(int lineNumber, String text) {
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        if (start == text.length()) {
            return new DumpLine.Blank(lineNumber);
        }
        if (text.startsWith(THREAD_HEADER, start)) {
            String thread = text.substring(start + THREAD_HEADER.length()).strip();
            if (thread.endsWith(":")) {
                thread = thread.substring(0, thread.length() - 1);
            }
            return new DumpLine.ThreadHeader(lineNumber, thread);
        }
        try {
            return new DumpLine.Flow(parseFlow(lineNumber, text, start));
        } catch (FlowSyntaxException e) {
            return new DumpLine.Error(new ParseError(lineNumber, e.offset() + 1, e.getMessage()));
        } catch (RuntimeException e) {
            // A parser bug must not stop the analysis of the rest of the dump.
            return new DumpLine.Error(new ParseError(lineNumber, 1, "internal parser error: " + e));
        }
    }

    private DatapathFlow parseFlow(int lineNumber, String text, int start) throws FlowSyntaxException {
        if (buffer.length < text.length()) {
            buffer = new char[Math.max(text.length(), 2 * buffer.length)];
        }
        char[] chars = buffer;
        text.getChars(0, text.length(), chars, 0);
        checker.reset(text, chars);
        int keyCount = 0;
        Map<String, String> vendorFields = null;
        String ufid = null;
        long packets = -1;
        long bytes = 0;
        String used = null;
        String tcpFlags = null;
        String offloaded = null;
        String dp = null;
        String actions = null;
        String dpExtraInfo = null;
        int length = text.length();
        int pos = start;
        while (true) {
            int nameStart = pos;
            long packed = 0; // for FlowNames
            while (pos < length) {
                char c = chars[pos];
                if (!NAME_CHARS[c]) {
                    break;
                }
                packed = FlowNames.pack(packed, c);
                pos++;
            }
            if (pos == nameStart) {
                throw new FlowSyntaxException(pos, pos < length
                        ? "expected a flow key or field name, found '" + chars[pos] + "'"
                        : "line ends after ',': expected a flow key or field");
            }
            String name = FlowNames.of(text, chars, nameStart, pos, packed);
            if (pos >= length) {
                throw new FlowSyntaxException(pos, "expected '(' or ':' after '" + name + "'");
            }
            char c = chars[pos];
            if (c == '(') {
                // Keys are parsed lazily, so check them now: a bad key must make this line an
                // Error, not throw later from FlowKey.terms() in the middle of an analysis.
                int close = checker.callEnd(pos);
                if (keyCount == keyNames.length) {
                    keyNames = Arrays.copyOf(keyNames, 2 * keyCount);
                    keyBounds = Arrays.copyOf(keyBounds, 4 * keyCount);
                }
                keyNames[keyCount] = name;
                keyBounds[2 * keyCount] = pos + 1;
                keyBounds[2 * keyCount + 1] = close;
                keyCount++;
                pos = close + 1;
            } else if (c == ':') {
                pos = skipSpaces(chars, length, pos + 1);
                if (name.equals("actions")) {
                    if (actions != null) {
                        throw new FlowSyntaxException(nameStart, "second 'actions:' on the line");
                    }
                    int end = checker.actionsEnd(pos);
                    actions = text.substring(pos, end).stripTrailing();
                    pos = end;
                } else if (name.equals("dp-extra-info")) {
                    dpExtraInfo = text.substring(pos).strip();
                    pos = length;
                } else {
                    int valueEnd = fieldEnd(chars, length, pos);
                    int valueStop = valueEnd;
                    while (valueStop > pos && Character.isWhitespace(chars[valueStop - 1])) {
                        valueStop--;
                    }
                    if (valueStop == pos) {
                        throw new FlowSyntaxException(pos, "field '" + name + ":' has no value");
                    }
                    switch (name) {
                        case "packets" -> packets = counter(chars, pos, valueStop, name);
                        case "bytes" -> bytes = counter(chars, pos, valueStop, name);
                        case "ufid" -> ufid = text.substring(pos, valueStop);
                        case "used" -> used = text.substring(pos, valueStop);
                        case "flags" -> tcpFlags = text.substring(pos, valueStop);
                        case "offloaded" -> offloaded = FlowNames.of(text, chars, pos, valueStop);
                        case "dp" -> dp = FlowNames.of(text, chars, pos, valueStop);
                        default -> {
                            if (vendorFields == null) {
                                vendorFields = new HashMap<>(4);
                            }
                            vendorFields.put(name, text.substring(pos, valueStop));
                        }
                    }
                    pos = valueEnd;
                }
            } else {
                throw new FlowSyntaxException(pos, "expected '(' or ':' after '" + name + "', found '" + c + "'");
            }
            pos = skipSpaces(chars, length, pos);
            if (pos >= length) {
                break;
            }
            if (chars[pos] != ',') {
                throw new FlowSyntaxException(pos, "expected ',' after '" + name + "', found '" + chars[pos] + "'");
            }
            pos = skipSpaces(chars, length, pos + 1);
        }
        if (actions == null) {
            throw new FlowSyntaxException(length, "no 'actions:' on the line");
        }
        if (packets < 0) {
            throw new FlowSyntaxException(length, "no 'packets:' counter on the line");
        }
        return new DatapathFlow(lineNumber, ufid, new FlowKeys(text, keyNames, keyBounds, keyCount), packets, bytes, used, tcpFlags, offloaded, dp,
                vendorFields == null ? Map.of() : vendorFields, actions, dpExtraInfo);
    }

    /** A counter in {@code text[start, end)}: plain ASCII digits, as OVS prints them. */
    private static long counter(char[] chars, int start, int end, String name) throws FlowSyntaxException {
        // Eighteen digits cannot overflow a long: only longer counters need the check per digit.
        boolean mayOverflow = end - start > 18;
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9' || mayOverflow && value > (Long.MAX_VALUE - (c - '0')) / 10) {
                throw new FlowSyntaxException(start, "'" + name + ":' must be a non-negative integer, not '"
                        + new String(chars, start, end - start) + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** End of a {@code name:value} field: the next top-level comma. */
    private static int fieldEnd(char[] chars, int length, int pos) throws FlowSyntaxException {
        while (pos < length) {
            char c = chars[pos];
            if (c == ',') {
                return pos;
            }
            if (c == '(') {
                pos = TermParser.closingParen(chars, length, pos);
            }
            pos++;
        }
        return pos;
    }

    /**
     * Characters of key and field names: letters, digits, '_' and '-' (dp-extra-info). Indexed by
     * any char, like TermParser's delimiters, so that the scan needs no range check.
     */
    private static final boolean[] NAME_CHARS = new boolean[Character.MAX_VALUE + 1];

    static {
        for (char c = 0; c < 128; c++) {
            NAME_CHARS[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
    }

    private static int skipSpaces(char[] chars, int length, int pos) {
        while (pos < length && (chars[pos] == ' ' || chars[pos] == '\t')) {
            pos++;
        }
        return pos;
    }
}
