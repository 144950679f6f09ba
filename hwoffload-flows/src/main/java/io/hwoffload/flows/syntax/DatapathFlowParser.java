package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the lines of {@code ovs-appctl dpctl/dump-flows} (grammar: OVS {@code lib/dpctl.c} and
 * {@code lib/odp-util.c}). Fields are recognised by name, never by position: key order differs
 * between datapaths and vendor builds insert fields of their own. The parser is stateless and
 * thread-safe; a bad line yields a {@link DumpLine.Error} with its column, never an exception.
 */
public final class DatapathFlowParser {
    private static final String THREAD_HEADER = "flow-dump from ";

    public DumpLine parse(int lineNumber, String text) {
        int start = skipSpaces(text, 0);
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

    private static DatapathFlow parseFlow(int lineNumber, String text, int start) throws FlowSyntaxException {
        List<FlowKey> keys = new ArrayList<>(24);
        Map<String, String> vendorFields = null;
        String ufid = null;
        long packets = 0;
        long bytes = 0;
        String used = null;
        String tcpFlags = null;
        String offloaded = null;
        String dp = null;
        List<FlowTerm> actions = null;
        String dpExtraInfo = null;
        boolean sawPackets = false;
        int length = text.length();
        int pos = start;
        while (true) {
            int nameStart = pos;
            while (pos < length && isNameChar(text.charAt(pos))) {
                pos++;
            }
            if (pos == nameStart) {
                throw new FlowSyntaxException(pos, pos < length
                        ? "expected a flow key or field name, found '" + text.charAt(pos) + "'"
                        : "line ends after ',': expected a flow key or field");
            }
            String name = text.substring(nameStart, pos);
            if (pos >= length) {
                throw new FlowSyntaxException(pos, "expected '(' or ':' after '" + name + "'");
            }
            char c = text.charAt(pos);
            if (c == '(') {
                int close = TermParser.closingParen(text, pos);
                // Keys are parsed lazily, so check them now: a bad key must make this line an
                // Error, not throw later from FlowKey.terms() in the middle of an analysis.
                TermParser.checkList(text, pos + 1, close);
                keys.add(new FlowKey(name, text.substring(pos + 1, close)));
                pos = close + 1;
            } else if (c == ':') {
                pos++;
                if (name.equals("actions")) {
                    if (actions != null) {
                        throw new FlowSyntaxException(nameStart, "second 'actions:' on the line");
                    }
                    TermParser.ActionList list = TermParser.parseActions(text, pos);
                    actions = list.actions();
                    pos = list.end();
                } else if (name.equals("dp-extra-info")) {
                    dpExtraInfo = text.substring(pos).strip();
                    pos = length;
                } else {
                    int valueEnd = fieldEnd(text, pos);
                    String value = text.substring(pos, valueEnd).strip();
                    if (value.isEmpty()) {
                        throw new FlowSyntaxException(pos, "field '" + name + ":' has no value");
                    }
                    switch (name) {
                        case "ufid" -> ufid = value;
                        case "packets" -> {
                            packets = counter(value, pos, name);
                            sawPackets = true;
                        }
                        case "bytes" -> bytes = counter(value, pos, name);
                        case "used" -> used = value;
                        case "flags" -> tcpFlags = value;
                        case "offloaded" -> offloaded = value;
                        case "dp" -> dp = value;
                        default -> {
                            if (vendorFields == null) {
                                vendorFields = new HashMap<>(4);
                            }
                            vendorFields.put(name, value);
                        }
                    }
                    pos = valueEnd;
                }
            } else {
                throw new FlowSyntaxException(pos, "expected '(' or ':' after '" + name + "', found '" + c + "'");
            }
            pos = skipSpaces(text, pos);
            if (pos >= length) {
                break;
            }
            if (text.charAt(pos) != ',') {
                throw new FlowSyntaxException(pos, "expected ',' after '" + name + "', found '" + text.charAt(pos) + "'");
            }
            pos = skipSpaces(text, pos + 1);
        }
        if (actions == null) {
            throw new FlowSyntaxException(length, "no 'actions:' on the line");
        }
        if (!sawPackets) {
            throw new FlowSyntaxException(length, "no 'packets:' counter on the line");
        }
        return new DatapathFlow(lineNumber, ufid, keys, packets, bytes, used, tcpFlags, offloaded, dp,
                vendorFields == null ? Map.of() : vendorFields, actions, dpExtraInfo);
    }

    private static long counter(String value, int offset, String name) throws FlowSyntaxException {
        // OVS prints plain ASCII digits; Long.parseLong alone would also take "+5" and other scripts' digits.
        if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                // out of range: reported below
            }
        }
        throw new FlowSyntaxException(offset, "'" + name + ":' must be a non-negative integer, not '" + value + "'");
    }

    /** End of a {@code name:value} field: the next top-level comma. */
    private static int fieldEnd(String text, int pos) throws FlowSyntaxException {
        int length = text.length();
        while (pos < length) {
            char c = text.charAt(pos);
            if (c == ',') {
                return pos;
            }
            if (c == '(') {
                pos = TermParser.closingParen(text, pos);
            }
            pos++;
        }
        return pos;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || (c >= 'A' && c <= 'Z');
    }

    private static int skipSpaces(String text, int pos) {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
