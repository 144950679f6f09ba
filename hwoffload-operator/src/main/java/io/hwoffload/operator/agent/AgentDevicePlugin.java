package io.hwoffload.operator.agent;

import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;

/**
 * What the agent does so that its node's VFs reach the kubelet: serve them itself ({@link BuiltinDevicePlugin}) or
 * make the node's sriov-network-device-plugin read them again ({@link ExternalDevicePlugin}). Called after every
 * reconcile and on the agent's device plugin interval, from one thread at a time.
 */
public interface AgentDevicePlugin extends AutoCloseable {

    /** The node was reconciled to {@code spec}: its pools and VFs may have changed. */
    void reconciled(NodeStateSpec spec);

    /** The interval passed: look again at what may change between reconciles. */
    void refresh();

    /** What the status says about it now. */
    DevicePluginStatus status();

    @Override
    void close();
}
