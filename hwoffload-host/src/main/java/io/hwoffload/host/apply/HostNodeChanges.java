package io.hwoffload.host.apply;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.NodeChanges;
import io.hwoffload.core.plan.OvsColumn;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.NetlinkQueries;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsConfigStore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Plan steps made real: NIC changes through the {@link Host}, OVS changes through OVSDB (none without a client). */
public final class HostNodeChanges implements NodeChanges {
    private final Host host;
    private final OvsConfigStore ovsdb;

    /** {@code ovsdb} null: the node's plan has no OVS steps (a DPU host runs no OVS). */
    public HostNodeChanges(Host host, OvsConfigStore ovsdb) {
        this.host = host;
        this.ovsdb = ovsdb;
    }

    @Override
    public void writeNumVfs(PciAddress pf, int numVfs) {
        host.writeNumVfs(pf, numVfs);
    }

    @Override
    public void unbind(PciAddress device, String driver) {
        host.unbind(device, driver);
    }

    @Override
    public void bind(PciAddress device, String driver) {
        host.bind(device, driver);
    }

    @Override
    public void setEswitchMode(PciAddress pf, EswitchMode mode) {
        host.setEswitchMode(pf, mode);
    }

    @Override
    public void setHwTcOffload(String netdev, boolean on) {
        host.setFeature(netdev, NetlinkQueries.HW_TC_OFFLOAD, on);
    }

    @Override
    public void setLinkUp(String netdev) {
        host.setLinkUp(netdev);
    }

    @Override
    public void setOvsSetting(OvsColumn column, String key, String value) {
        ovs(client -> {
            if (column == OvsColumn.OTHER_CONFIG) {
                client.setOtherConfig(key, value);
            } else {
                client.setExternalId(key, value);
            }
        });
    }

    @Override
    public void addOvsBridge(String bridge) {
        ovs(client -> client.addBridge(bridge));
    }

    @Override
    public void deleteOvsBridge(String bridge) {
        ovs(client -> client.deleteBridge(bridge));
    }

    @Override
    public void addOvsPort(String bridge, String port) {
        ovs(client -> client.addPort(bridge, port));
    }

    @Override
    public void deleteOvsPort(String bridge, String port) {
        ovs(client -> client.deletePort(bridge, port));
    }

    /**
     * Into the bridge: its interface up, the addresses added to it (both hold them for a moment), the port added,
     * the routes replaced through the bridge, the addresses taken off the port. Back: the port leaves the bridge, the
     * addresses go on the port, the routes through it, the addresses off the bridge. Each part that ran is undone, in
     * reverse, when a later one fails, so the node keeps its addresses where they were.
     */
    @Override
    public void moveAddressing(String bridge, String port, boolean intoBridge, IpAddressing moved) {
        IpConfig ip = host.ipConfig();
        String from = intoBridge ? port : bridge;
        String to = intoBridge ? bridge : port;
        Deque<Runnable> undo = new ArrayDeque<>();
        try {
            if (intoBridge) {
                ip.setUp(bridge);
            } else {
                ovs(client -> client.deletePort(bridge, port));
                undo.push(() -> ovs(client -> client.addPort(bridge, port)));
            }
            for (String address : moved.addresses()) {
                ip.addAddress(to, address);
                undo.push(() -> ip.deleteAddress(to, address));
            }
            if (intoBridge) {
                ovs(client -> client.addPort(bridge, port));
                undo.push(() -> ovs(client -> client.deletePort(bridge, port)));
            }
            for (IpAddressing.Route route : moved.routes()) {
                ip.replaceRoute(route, to);
                undo.push(() -> ip.replaceRoute(route, from));
            }
            for (String address : moved.addresses()) {
                ip.deleteAddress(from, address);
                undo.push(() -> ip.addAddress(from, address));
            }
        } catch (HostException e) {
            List<String> notUndone = new ArrayList<>();
            while (!undo.isEmpty()) {
                try {
                    undo.pop().run();
                } catch (HostException again) {
                    notUndone.add(again.getMessage());
                }
            }
            throw new HostException("moving " + String.join(", ", moved.addresses()) + " from " + from + " to " + to
                    + " failed, and what had moved went back: " + e.getMessage()
                    + (notUndone.isEmpty() ? "" : "; could not undo: " + String.join("; ", notUndone)), e);
        }
    }

    private interface OvsdbCall {
        void run(OvsConfigStore client) throws JsonRpcException;
    }

    private void ovs(OvsdbCall call) {
        if (ovsdb == null) {
            throw new HostException("no OVSDB connection for an OVS step");
        }
        try {
            call.run(ovsdb);
        } catch (JsonRpcException e) {
            throw new HostException(e.getMessage(), e);
        }
    }
}
