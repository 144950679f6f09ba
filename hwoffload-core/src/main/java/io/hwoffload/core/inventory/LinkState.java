package io.hwoffload.core.inventory;

/** A netdev's link as sysfs shows it: {@code operstate}, {@code mtu}, {@code address}. */
public record LinkState(String operstate, Integer mtu, String mac) {
}
