package io.hwoffload.host.apply;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.discovery.NodeDiscoverer;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsConfigStore;
import io.hwoffload.host.sysfs.SysfsTree;

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
        return new ObservedNode(discoverer.discover(new SysfsTree(host.sysfsRoot()), host, versions), ovs);
    }
}
