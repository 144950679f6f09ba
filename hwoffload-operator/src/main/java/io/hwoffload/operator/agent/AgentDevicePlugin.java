package io.hwoffload.operator.agent;

import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.deviceplugin.NodeDevicePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent as the node's kubelet device plugin: the pools of the OffloadNodeState's policies, their VFs healthy
 * only while offload-ready, looked at again after every reconcile and on the agent's device plugin interval. So VFs
 * the agent creates, or repairs, reach pods without restarting a device plugin (sriov-network-device-plugin reads
 * its devices once, at start).
 */
public final class AgentDevicePlugin implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDevicePlugin.class);

    private final NodeDevicePlugin plugin;
    private final DevicePools pools;
    private final Supplier<NodeInventory> inventory;
    private final Path kubeletDirectory;
    private List<OffloadPolicy> policies = List.of();
    private boolean kubeletDirectoryMissing;

    public AgentDevicePlugin(NodeDevicePlugin plugin, DevicePools pools, Supplier<NodeInventory> inventory,
                             Path kubeletDirectory) {
        this.plugin = plugin;
        this.pools = pools;
        this.inventory = inventory;
        this.kubeletDirectory = kubeletDirectory;
    }

    /** The node's policies changed (or were read again): serve their pools. Invalid ones keep the pools as they are. */
    public synchronized void policies(NodeStateSpec spec) {
        try {
            policies = NodeReconciler.policies(spec);
        } catch (PolicyException e) {
            return;
        }
        refresh();
    }

    /** Looks at the VFs again and tells the kubelet what changed; re-registers after a kubelet restart. */
    public synchronized void refresh() {
        if (!Files.isDirectory(kubeletDirectory)) {
            if (!kubeletDirectoryMissing) {
                LOG.warn("no kubelet device plugin directory {}: the pools are not served until it exists", kubeletDirectory);
                kubeletDirectoryMissing = true;
            }
            return;
        }
        kubeletDirectoryMissing = false;
        try {
            plugin.update(pools.of(policies, inventory.get()));
        } catch (IOException e) {
            LOG.warn("device plugin: cannot serve in {}: {}", kubeletDirectory, e.toString());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        plugin.close();
    }
}
