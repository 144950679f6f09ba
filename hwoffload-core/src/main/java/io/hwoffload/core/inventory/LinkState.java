package io.hwoffload.core.inventory;

/**
 * A netdev's link as sysfs shows it: {@code operstate}, whether it is administratively up ({@code flags} has
 * IFF_UP: what {@code ip link set up} sets, also without carrier), {@code mtu}, {@code address}.
 */
public record LinkState(String operstate, Boolean adminUp, Integer mtu, String mac) {

    /** IFF_UP in {@code /sys/class/net/<if>/flags}. */
    private static final int IFF_UP = 0x1;

    /** {@code flags} as sysfs writes it ({@code 0x1003}); null when absent or unreadable. */
    public static Boolean adminUp(String flags) {
        if (flags == null || !flags.strip().matches("0x[0-9a-fA-F]{1,8}")) {
            return null;
        }
        return (Long.parseLong(flags.strip().substring(2), 16) & IFF_UP) != 0;
    }
}
