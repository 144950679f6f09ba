package io.hwoffload.core.inventory;

import java.util.List;

/**
 * A netdev's own IP configuration as iproute2 shows it ({@code ip -j addr show dev X}, {@code ip -j route show dev
 * X}): its addresses in CIDR form, and the routes through it that someone configured. The kernel's own prefix routes
 * ({@code proto kernel}) are left out: they come and go with the addresses.
 */
public record IpAddressing(List<String> addresses, List<Route> routes) {
    public static final IpAddressing NONE = new IpAddressing(List.of(), List.of());

    public IpAddressing {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /**
     * A route: {@code destination} {@code default} or a CIDR, {@code gateway} null for a directly connected one,
     * {@code metric} null when the route has none.
     */
    public record Route(String destination, String gateway, Integer metric) {
        /** Its {@code ip route} words after {@code replace}, through {@code netdev}. */
        public List<String> words(String netdev) {
            List<String> words = new java.util.ArrayList<>(List.of(destination));
            if (gateway != null) {
                words.addAll(List.of("via", gateway));
            }
            words.addAll(List.of("dev", netdev));
            if (metric != null) {
                words.addAll(List.of("metric", metric.toString()));
            }
            return words;
        }
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && routes.isEmpty();
    }
}
