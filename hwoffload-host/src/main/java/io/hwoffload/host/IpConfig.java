package io.hwoffload.host;

import io.hwoffload.core.inventory.IpAddressing;

import java.util.Optional;

/**
 * The IP side of a node's netdevs, as iproute2 sets it: what addresses and routes one has, and changing them. Only
 * what moving an uplink's addresses to its OVS bridge needs (MoveAddressing). Each change throws
 * {@link HostException} with the kernel's reason.
 */
public interface IpConfig {
    /** Nothing to look at and nothing to change: a host without real netdevs. */
    IpConfig NONE = new IpConfig() {
        @Override
        public Optional<IpAddressing> addressing(String netdev) {
            return Optional.empty();
        }

        @Override
        public void setUp(String netdev) {
            throw refused();
        }

        @Override
        public void addAddress(String netdev, String cidr) {
            throw refused();
        }

        @Override
        public void deleteAddress(String netdev, String cidr) {
            throw refused();
        }

        @Override
        public void replaceRoute(IpAddressing.Route route, String netdev) {
            throw refused();
        }

        private HostException refused() {
            return new HostException("this host has no real netdevs whose addresses could change");
        }
    };

    /** {@code ip -j addr show dev <netdev>} and its routes; empty when there is no such netdev. */
    Optional<IpAddressing> addressing(String netdev);

    /** {@code ip link set <netdev> up}. */
    void setUp(String netdev);

    /** {@code ip addr add <cidr> dev <netdev>}. */
    void addAddress(String netdev, String cidr);

    /** {@code ip addr del <cidr> dev <netdev>}. */
    void deleteAddress(String netdev, String cidr);

    /** {@code ip route replace <route> dev <netdev>}. */
    void replaceRoute(IpAddressing.Route route, String netdev);
}
