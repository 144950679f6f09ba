package io.hwoffload.host.apply;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.plan.NodeChanges;
import io.hwoffload.core.plan.OvsColumn;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.NetlinkQueries;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsConfigStore;

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
