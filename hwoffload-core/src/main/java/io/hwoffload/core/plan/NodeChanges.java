package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.pci.PciAddress;

/**
 * Every change a plan step can make to a node, as one narrow port: the host module implements it with the
 * kernel (or nicsim) and OVSDB. Arguments come from validated policies and discovered names.
 */
public interface NodeChanges {

    void writeNumVfs(PciAddress pf, int numVfs);

    void unbind(PciAddress device, String driver);

    void bind(PciAddress device, String driver);

    void setEswitchMode(PciAddress pf, EswitchMode mode);

    void setHwTcOffload(String netdev, boolean on);

    void setLinkUp(String netdev);

    /** Sets {@code column:key=value} on the Open_vSwitch row; value null removes the key. */
    void setOvsSetting(OvsColumn column, String key, String value);

    /**
     * {@code port} into {@code bridge} with {@code moved} (its addresses and routes) moving to the bridge's interface,
     * or ({@code intoBridge} false) back; all of it or, when a part fails, none of it.
     */
    void moveAddressing(String bridge, String port, boolean intoBridge, IpAddressing moved);

    void addOvsBridge(String bridge);

    void deleteOvsBridge(String bridge);

    void addOvsPort(String bridge, String port);

    void deleteOvsPort(String bridge, String port);
}
