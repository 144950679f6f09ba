package io.hwoffload.flows.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Questions about a flow's actions answered from their text, which the line parser has checked:
 * where the packet is output, where it recirculates, which actions are used. None of them needs
 * the term tree, and they run for every flow of a dump.
 */
public final class FlowActions {
    /** Bare-word actions that are not output ports. */
    private static final Set<String> KEYWORDS = Set.of("drop", "pop_vlan", "pop_eth", "pop_nsh", "ct_clear", "ct");

    private FlowActions() {
    }

    /** The top-level actions as printed, e.g. {@code [ct(zone=4,nat), recirc(0x2d278)]}. */
    public static List<String> topLevel(String actions) {
        List<String> items = new ArrayList<>(4);
        int depth = 0;
        int itemStart = 0;
        int length = actions.length();
        for (int i = 0; i <= length; i++) {
            char c = i < length ? actions.charAt(i) : ',';
            switch (c) {
                case '(', '{' -> depth++;
                case ')', '}' -> depth--;
                case '"' -> i = TermParser.checkedClosingQuote(actions, i, actions.length());
                case ',' -> {
                    if (depth == 0) {
                        String item = actions.substring(itemStart, i).strip();
                        if (!item.isEmpty()) {
                            items.add(item);
                        }
                        itemStart = i + 1;
                    }
                }
                default -> {
                }
            }
        }
        return items;
    }

    /** Ports the top-level actions output to, by number or by name as printed. */
    public static List<String> outputPorts(String actions) {
        List<String> ports = new ArrayList<>(2);
        for (String action : topLevel(actions)) {
            if (action.indexOf('(') < 0 && !KEYWORDS.contains(action)) {
                ports.add(action);
            }
        }
        return ports;
    }

    /** Recirculation ids of every {@code recirc(0xN)} action, nested ones included. */
    public static List<Long> recircTargets(String actions) {
        List<Long> targets = new ArrayList<>(1);
        for (int at = find(actions, "recirc", 0); at >= 0; at = find(actions, "recirc", at + 1)) {
            int open = at + "recirc".length();
            int close = actions.indexOf(')', open);
            if (open < actions.length() && actions.charAt(open) == '(' && close > open) {
                long id = MaskedValue.number(actions.substring(open + 1, close).strip());
                if (id >= 0) {
                    targets.add(id);
                }
            }
        }
        return targets;
    }

    /**
     * Whether the actions use {@code action} anywhere, nested ones included, as a call
     * ({@code userspace(...)}) or a bare word ({@code ct}).
     */
    public static boolean uses(String actions, String action) {
        return find(actions, action, 0) >= 0;
    }

    /**
     * Whether a call of {@code action} has a call of {@code nested} anywhere in its arguments:
     * {@code set(tunnel(...,erspan(ver=1,idx=0x7)))} has {@code erspan} in {@code tunnel}.
     */
    public static boolean usesWithNestedCall(String actions, String action, String nested) {
        if (!actions.contains(nested + "(")) {
            return false;
        }
        for (int at = find(actions, action, 0); at >= 0; at = find(actions, action, at + 1)) {
            int open = at + action.length();
            if (open < actions.length() && actions.charAt(open) == '(') {
                int close = closing(actions, open);
                if (hasCall(actions, open + 1, close, nested)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code text[from, to)} holds a call of {@code name} ({@code name(} after a delimiter). */
    public static boolean hasCall(String text, int from, int to, String name) {
        for (int at = text.indexOf(name, from); at >= 0 && at < to; at = text.indexOf(name, at + 1)) {
            int after = at + name.length();
            char before = at == 0 ? ',' : text.charAt(at - 1);
            if (after < to && text.charAt(after) == '(' && (before == ',' || before == '(' || before == ' ')) {
                return true;
            }
        }
        return false;
    }

    /** The offset of the bracket that closes the one at {@code open} (the text's end if none does). */
    public static int closing(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '{') {
                depth++;
            } else if ((c == ')' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * Whether a call of {@code action} carries {@code argument}, as {@code argument=...} or a bare
     * word: {@code ct(commit,helper=ftp)} carries {@code helper}. Nested calls' arguments do not count.
     */
    public static boolean usesWithArgument(String actions, String action, String argument) {
        // The argument is rarer than the action (ct(...,helper=ftp) among many ct(...)): when it
        // is nowhere in the text, one search answers without visiting every call of the action.
        if (!actions.contains(argument)) {
            return false;
        }
        for (int at = find(actions, action, 0); at >= 0; at = find(actions, action, at + 1)) {
            int open = at + action.length();
            if (open < actions.length() && actions.charAt(open) == '(' && hasArgument(actions, open, argument)) {
                return true;
            }
        }
        return false;
    }

    /** Scans the top-level arguments of the call whose '(' is at {@code open}. */
    private static boolean hasArgument(String actions, int open, String argument) {
        int depth = 0;
        int itemStart = open + 1;
        for (int i = open + 1; i < actions.length(); i++) {
            char c = actions.charAt(i);
            if (c == '"') {
                i = TermParser.checkedClosingQuote(actions, i, actions.length());
            } else if (c == '(' || c == '{') {
                depth++;
            } else if ((c == ')' || c == '}') && depth > 0) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == ')')) {
                while (itemStart < i && actions.charAt(itemStart) == ' ') {
                    itemStart++;
                }
                int length = i - itemStart;
                if (actions.startsWith(argument, itemStart) && (length == argument.length()
                        || length > argument.length() && actions.charAt(itemStart + argument.length()) == '=')) {
                    return true;
                }
                if (c == ')') {
                    return false;
                }
                itemStart = i + 1;
            }
        }
        return false;
    }

    /** The flow's own recirculation id: its {@code recirc_id(...)} key, 0 when absent. */
    public static long recircId(DatapathFlow flow) {
        FlowKey key = flow.key("recirc_id");
        if (key == null) {
            return 0;
        }
        return MaskedValue.number(MaskedValue.parse(key.args()).value());
    }

    /**
     * The next occurrence of {@code word} as a whole action name at or after {@code from}: after
     * the start, a comma or an opening parenthesis, and before a parenthesis, a comma or the end, in
     * an action list (the top level, or nested in one of {@link #ACTION_LISTS}), not among a call's
     * arguments: {@code ct(commit,nat(dst=10.0.0.1,hash))} uses no hash action.
     */
    private static int find(String actions, String word, int from) {
        for (int at = actions.indexOf(word, from); at >= 0; at = actions.indexOf(word, at + 1)) {
            char before = at == 0 ? ',' : actions.charAt(at - 1);
            int after = at + word.length();
            char next = after < actions.length() ? actions.charAt(after) : ',';
            if ((before == ',' || before == '(' || before == ' ') && (next == '(' || next == ',' || next == ')')
                    && inActionList(actions, at)) {
                return at;
            }
        }
        return -1;
    }

    /**
     * Calls whose arguments are actions (lib/odp-util.c format_odp_action): clone, sample's actions, check_pkt_len's
     * gt and le, dec_ttl's le_1.
     */
    private static final Set<String> ACTION_LISTS = Set.of("clone", "actions", "gt", "le", "le_1");

    /** Whether the text at {@code at} sits in an action list: at the top level, or directly in an action-list call. */
    private static boolean inActionList(String actions, int at) {
        int depth = 0;
        for (int i = at - 1; i >= 0; i--) {
            char c = actions.charAt(i);
            if (c == ')' || c == '}') {
                depth++;
            } else if (c == '(' || c == '{') {
                if (depth == 0) {
                    if (c == '{') {
                        return false;
                    }
                    int nameEnd = i;
                    int nameStart = nameEnd;
                    while (nameStart > 0 && isNameChar(actions.charAt(nameStart - 1))) {
                        nameStart--;
                    }
                    return ACTION_LISTS.contains(actions.substring(nameStart, nameEnd));
                }
                depth--;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
