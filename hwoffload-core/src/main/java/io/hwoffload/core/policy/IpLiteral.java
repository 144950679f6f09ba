package io.hwoffload.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IP addresses and prefixes as a policy writes them, parsed rather than pattern-matched: an IPv4 address is four
 * decimal numbers of 0-255 (no octal, no short forms such as {@code 10.1}); an IPv6 address is eight groups of one to
 * four hex digits, or fewer with one {@code ::} standing for the rest, the last two groups perhaps an IPv4 address
 * (RFC 4291 section 2.2). Pure: nothing is resolved.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private IpLiteral() {
    }

    public static boolean isAddress(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    /** {@code address/prefix}, the prefix within the address family's length. */
    public static boolean isCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
            return false;
        }
        String address = text.substring(0, slash);
        int prefix = Integer.parseInt(text.substring(slash + 1));
        return isIpv4(address) ? prefix <= 32 : isIpv6(address) && prefix <= 128;
    }

    private static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        int elided = text.indexOf("::");
        if (elided >= 0 && text.indexOf("::", elided + 1) >= 0) {
            return false;
        }
        List<String> groups = new ArrayList<>();
        if (elided < 0) {
            groups.addAll(List.of(text.split(":", -1)));
        } else {
            String head = text.substring(0, elided);
            String tail = text.substring(elided + 2);
            if (!head.isEmpty()) {
                groups.addAll(List.of(head.split(":", -1)));
            }
            if (!tail.isEmpty()) {
                groups.addAll(List.of(tail.split(":", -1)));
            }
        }
        int width = 0;
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (i == groups.size() - 1 && group.contains(".")) {
                if (!isIpv4(group)) {
                    return false;
                }
                width += 2;
            } else if (HEX_GROUP.matcher(group).matches()) {
                width += 1;
            } else {
                return false;
            }
        }
        return elided < 0 ? width == 8 : width < 8;
    }
}
