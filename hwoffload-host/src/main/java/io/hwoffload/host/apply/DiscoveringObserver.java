package io.hwoffload.host.apply;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.discovery.NodeDiscoverer;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsConfigStore;
import io.hwoffload.host.sysfs.SysfsTree;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Observes a node the way {@code discover} does, plus OVSDB's configuration when there is a client. */
public final class DiscoveringObserver implements NodeObserver {
    private final Host host;
    private final NodeDiscoverer discoverer;
    private final HostVersions versions;
    private final OvsConfigStore ovsdb;

    /** {@code ovsdb} null: OVS is not part of this node's plan. */
    public DiscoveringObserver(Host host, NicCatalog catalog, DeviceNames names, HostVersions versions, OvsConfigStore ovsdb) {
        this.host = host;
        this.discoverer = new NodeDiscoverer(catalog, names);
        this.versions = versions;
        this.ovsdb = ovsdb;
    }

    @Override
    public ObservedNode observe() {
        OvsConfig ovs = null;
        if (ovsdb != null) {
            try {
                ovs = ovsdb.openVswitch();
            } catch (JsonRpcException e) {
                throw new HostException("cannot read OVSDB: " + e.getMessage(), e);
            }
        }
        NodeInventory inventory = discoverer.discover(new SysfsTree(host.sysfsRoot()), host, versions);
        return new ObservedNode(inventory, ovs, addressing(inventory, ovs));
    }

    /**
     * The IP configuration of what an OVS bridge may take over or give back: the PFs' netdevs and uplinks, and the
     * bridges' own interfaces. Only OVS nodes: without OVS no bridge takes anything.
     */
    private Map<String, IpAddressing> addressing(NodeInventory inventory, OvsConfig ovs) {
        Map<String, IpAddressing> addressing = new TreeMap<>();
        if (ovs == null) {
            return addressing;
        }
        Set<String> netdevs = new TreeSet<>();
        for (PhysicalFunction pf : inventory.nics()) {
            Stream.of(pf.netdev(), pf.uplink()).filter(Objects::nonNull).forEach(netdevs::add);
        }
        ovs.bridges().forEach(bridge -> netdevs.add(bridge.name()));
        IpConfig ip = host.ipConfig();
        netdevs.forEach(netdev -> ip.addressing(netdev).ifPresent(found -> addressing.put(netdev, found)));
        return addressing;
    }
}
