package io.hwoffload.operator.agent;

import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.host.HostException;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.deviceplugin.NodeDevicePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent as the node's kubelet device plugin: the pools of the OffloadNodeState's policies, their VFs healthy
 * only while offload-ready, looked at again after every reconcile and on the agent's device plugin interval. So VFs
 * the agent creates, or repairs, reach pods without restarting a device plugin (sriov-network-device-plugin reads
 * its devices once, at start).
 */
public final class BuiltinDevicePlugin implements AgentDevicePlugin {
    private static final Logger LOG = LoggerFactory.getLogger(BuiltinDevicePlugin.class);

    private final NodeDevicePlugin plugin;
    private final DevicePools pools;
    private final Supplier<NodeInventory> inventory;
    private final Path kubeletDirectory;
    private final Clock clock;
    private List<OffloadPolicy> policies = List.of();
    private String problem;
    private String lastAdvertised;

    /** {@code inventory} may throw {@link HostException}: the pools stay as they were until the node reads again. */
    public BuiltinDevicePlugin(NodeDevicePlugin plugin, DevicePools pools, Supplier<NodeInventory> inventory,
                               Path kubeletDirectory, Clock clock) {
        this.plugin = plugin;
        this.pools = pools;
        this.inventory = inventory;
        this.kubeletDirectory = kubeletDirectory;
        this.clock = clock;
    }

    /** The node's policies changed (or were read again): serve their pools. Invalid ones keep the pools as they are. */
    @Override
    public synchronized void reconciled(NodeStateSpec spec) {
        try {
            policies = NodeReconciler.policies(spec);
        } catch (PolicyException e) {
            return;
        }
        refresh();
    }

    /** Looks at the VFs again and tells the kubelet what changed; re-registers after a kubelet restart. */
    @Override
    public synchronized void refresh() {
        if (!Files.isDirectory(kubeletDirectory)) {
            report("no kubelet device plugin directory " + kubeletDirectory + ": the pools are not served until it exists");
            return;
        }
        try {
            if (plugin.update(pools.of(policies, inventory.get()))) {
                lastAdvertised = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            }
            report(plugin.isRegistered() ? null : "not registered with the kubelet yet (" + kubeletDirectory.resolve("kubelet.sock")
                    + "); trying again every refresh");
        } catch (IOException e) {
            report("cannot serve in " + kubeletDirectory + ": " + e.getMessage());
        } catch (HostException e) {
            report("cannot read the node's VFs: " + e.getMessage());
        }
    }

    @Override
    public synchronized DevicePluginStatus status() {
        List<String> served = plugin.pools().stream().map(BuiltinDevicePlugin::describe).toList();
        String message = problem != null ? problem
                : served.isEmpty() ? "no pool on this node" : "serving " + served.size() + " pool(s) to the kubelet";
        return new DevicePluginStatus(DevicePluginMode.BUILTIN.label(), served, lastAdvertised, message);
    }

    static String describe(DevicePool pool) {
        return pool.qualifiedName() + " " + pool.healthyCount() + "/" + pool.devices().size() + " healthy";
    }

    /** Logs a problem when it starts, not on every refresh while it lasts. */
    private void report(String now) {
        if (now != null && !now.equals(problem)) {
            LOG.warn("device plugin: {}", now);
        }
        problem = now;
    }

    @Override
    public synchronized void close() {
        try {
            plugin.close();
        } catch (IOException e) {
            LOG.warn("device plugin: could not remove its sockets: {}", e.toString());
        }
    }
}
