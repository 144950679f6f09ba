package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.host.HostException;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the node's sriov-network-device-plugin advertise what the node has now. That plugin reads its config and
 * scans the devices once, at start (cmd/sriovdp/manager.go, at commit 40b6f507), so after the node's pools change
 * (VFs made or removed, their driver or the eSwitch mode changed, the operator's pools changed) its pod on this node
 * is deleted, and its DaemonSet starts a new one, which reads them again.
 *
 * <p>Level-based, so nothing is lost across agent restarts and reboots: a plugin pod is restarted when it started
 * before the node's pools last changed, which after a reboot (the plugin up before the agent made the VFs) is true
 * once the agent's first reconcile is done. Both times are this node's clock: the kubelet here sets the container's
 * start time. A pod that has not started yet reads the current pools when it does.
 */
public final class ExternalDevicePlugin implements AgentDevicePlugin {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalDevicePlugin.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final String namespace;
    private final PodLabelSelector selector;
    private final DevicePools pools;
    private final Supplier<NodeInventory> inventory;
    private final Clock clock;
    /** The node's pools as last seen; null before the first reconcile. */
    private List<DevicePool> seen;
    private Instant changedAt;
    private boolean restartPending;
    private String lastAdvertised;
    private String message = "waiting for the first reconcile";

    /**
     * @param namespace the device plugin DaemonSet's namespace (upstream: kube-system)
     * @param selector  its pods' labels (upstream deployments/sriovdp-daemonset.yaml: app=sriovdp)
     */
    public ExternalDevicePlugin(KubernetesClient client, String nodeName, String namespace, PodLabelSelector selector,
                                DevicePools pools, Supplier<NodeInventory> inventory, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.namespace = namespace;
        this.selector = selector;
        this.pools = pools;
        this.inventory = inventory;
        this.clock = clock;
    }

    @Override
    public synchronized void reconciled(NodeStateSpec spec) {
        List<OffloadPolicy> policies;
        List<DevicePool> now;
        try {
            policies = NodeReconciler.policies(spec);
            now = pools.of(policies, inventory.get());
        } catch (PolicyException | HostException e) {
            return;   // the reconcile's status says why; the pools are looked at again after the next one
        }
        if (!now.equals(seen)) {
            // A node with no pools has nothing of hwoffload's for a plugin that started before the agent to miss.
            restartPending = seen != null || !now.isEmpty();
            seen = now;
            changedAt = clock.instant();
        }
        restartStale();
    }

    /** Retries a restart the API server refused; otherwise there is nothing to look at between reconciles. */
    @Override
    public synchronized void refresh() {
        if (restartPending) {
            restartStale();
        }
    }

    @Override
    public synchronized DevicePluginStatus status() {
        List<String> described = seen == null ? null : seen.stream().map(BuiltinDevicePlugin::describe).toList();
        return new DevicePluginStatus(DevicePluginMode.EXTERNAL.label(), described, lastAdvertised, message);
    }

    private void restartStale() {
        if (!restartPending) {
            return;
        }
        List<Pod> onNode;
        try {
            onNode = client.pods().inNamespace(namespace).withLabels(selector.labels()).list().getItems().stream()
                    .filter(pod -> pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName())).toList();
        } catch (KubernetesClientException e) {
            failed("cannot list the device plugin pods (" + selector + " in " + namespace + ")", e);
            return;
        }
        if (onNode.isEmpty()) {
            message = "no device plugin pod (" + selector + " in " + namespace + ") on this node: the pools reach the"
                    + " kubelet only when one runs here (its DaemonSet, or hwoffload install --device-plugin builtin)";
            restartPending = false;
            return;
        }
        List<String> deleted = new ArrayList<>();
        for (Pod pod : onNode) {
            Optional<Instant> started = startedAt(pod);
            if (started.isEmpty() || !started.get().isBefore(changedAt)) {
                continue;
            }
            try {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                failed("cannot delete the device plugin pod " + namespace + "/" + pod.getMetadata().getName(), e);
                return;
            }
            deleted.add(namespace + "/" + pod.getMetadata().getName());
        }
        restartPending = false;
        if (!deleted.isEmpty()) {
            lastAdvertised = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
            message = "restarted " + String.join(", ", deleted) + " to advertise the node's pools again: "
                    + (seen.isEmpty() ? "none" : String.join(", ", seen.stream().map(BuiltinDevicePlugin::describe).toList()));
            LOG.info("device plugin: {}", message);
        }
    }

    /** Logged when it starts, not on every retry while it lasts. */
    private void failed(String what, KubernetesClientException e) {
        String now = what + ": " + e.getMessage() + "; the agent's service account needs list and delete on pods in "
                + namespace + " (hwoffload install --device-plugin external grants them); trying again";
        if (!now.equals(message)) {
            LOG.warn("device plugin: {}", now);
        }
        message = now;
    }

    /** When the pod's containers last started (the earliest running one); empty when none runs. */
    private static Optional<Instant> startedAt(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getState)
                .filter(state -> state != null && state.getRunning() != null && state.getRunning().getStartedAt() != null)
                .map(state -> parse(state.getRunning().getStartedAt()))
                .flatMap(Optional::stream)
                .min(Instant::compareTo);
    }

    private static Optional<Instant> parse(String timestamp) {
        try {
            return Optional.of(Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        // Nothing to release: the plugin pod belongs to its DaemonSet.
    }
}
