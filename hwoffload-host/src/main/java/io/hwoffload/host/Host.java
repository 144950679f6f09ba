package io.hwoffload.host;

import java.nio.file.Path;

/**
 * One node's NICs as hwoffload sees them: a sysfs root to read, netlink facts to query, and mutations.
 * Discovery and apply take a Host and never ask which kind it is.
 */
public interface Host extends NetlinkQueries, HostMutations {

    /** The directory laid out like {@code /sys}: {@code /sys} itself, or a nicsim tree. */
    Path sysfsRoot();

    /** The IP side of this node's netdevs (addresses and routes), for an uplink that moves into an OVS bridge. */
    IpConfig ipConfig();

    /** Where hwoffload keeps what it changed here (the ownership record): {@code /var/lib/hwoffload} on a real host. */
    Path stateDirectory();
}
