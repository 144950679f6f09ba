package io.hwoffload.host.ovs;

import io.hwoffload.core.inventory.OvsConfig;

/**
 * The Open_vSwitch configuration as discovery reads it and apply changes it. Both clients serve it: a one-shot
 * command holds one {@link OvsdbClient} connection; the long-lived node agent holds a
 * {@link ReconnectingOvsdbClient}, which outlives ovsdb-server restarts.
 */
public interface OvsConfigStore {

    /** The Open_vSwitch table's one row (version, other_config, external_ids) and the bridges with their ports. */
    OvsConfig openVswitch() throws JsonRpcException;

    /** Sets {@code Open_vSwitch other_config:KEY}; a null value removes the key. */
    void setOtherConfig(String key, String value) throws JsonRpcException;

    /** Sets {@code Open_vSwitch external_ids:KEY}; a null value removes the key. */
    void setExternalId(String key, String value) throws JsonRpcException;

    /** {@code ovs-vsctl --may-exist add-br NAME}. */
    void addBridge(String name) throws JsonRpcException;

    /** {@code ovs-vsctl --if-exists del-br NAME}. */
    void deleteBridge(String name) throws JsonRpcException;

    /** {@code ovs-vsctl --may-exist add-port BRIDGE PORT}. */
    void addPort(String bridge, String port) throws JsonRpcException;

    /** {@code ovs-vsctl --if-exists del-port BRIDGE PORT}. */
    void deletePort(String bridge, String port) throws JsonRpcException;
}
