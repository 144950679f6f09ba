package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.Coverage;
import io.hwoffload.operator.crd.NodeStateStatus.DevicePluginStatus;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Writes the node's OffloadNodeState status through the status subresource. The reconcile, the coverage sampler and
 * the device plugin each replace their own part on the latest stored status, with its resourceVersion: a write that
 * raced another one (409) is redone on the fresh object, and a status that would not change is not written.
 */
public final class NodeStatusWriter {
    private static final int ATTEMPTS = 5;

    private final KubernetesClient client;
    private final String nodeName;
    private final Clock clock;

    public NodeStatusWriter(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.nodeName = nodeName;
        this.clock = clock;
    }

    /**
     * Everything but the coverage from {@code outcome}, for the spec {@code generation} it acted on.
     * Empty when the OffloadNodeState is gone.
     */
    public Optional<NodeStateStatus> writeReconcile(long generation, ReconcileOutcome outcome) {
        return write(current -> new NodeStateStatus(generation,
                ReadyCondition.update(current == null ? null : current.conditions(), outcome, generation, clock.instant()),
                outcome.nics(), outcome.vfsConfigured(), outcome.appliedSteps(), outcome.pendingSteps(),
                outcome.lastError(), current == null ? null : current.coverage(),
                current == null ? null : current.devicePlugin(),
                outcome.rollout() != null ? outcome.rollout() : current == null ? null : current.rollout()));
    }

    /** The rollout part alone, as a drain begins (the reconcile writes the rest when it ends). */
    public Optional<NodeStateStatus> writeRollout(RolloutStatus rollout) {
        return write(current -> Objects.requireNonNullElse(current, NodeStateStatus.EMPTY).withRollout(rollout));
    }

    /** The coverage alone; null removes it (ovs-vswitchd could not be sampled). Empty when the OffloadNodeState is gone. */
    public Optional<NodeStateStatus> writeCoverage(Coverage coverage) {
        return write(current -> Objects.requireNonNullElse(current, NodeStateStatus.EMPTY).withCoverage(coverage));
    }

    /** The device plugin part alone. Empty when the OffloadNodeState is gone. */
    public Optional<NodeStateStatus> writeDevicePlugin(DevicePluginStatus devicePlugin) {
        return write(current -> Objects.requireNonNullElse(current, NodeStateStatus.EMPTY).withDevicePlugin(devicePlugin));
    }

    /** Serialized: the agent's own two writers never race each other, only someone else. */
    private synchronized Optional<NodeStateStatus> write(UnaryOperator<NodeStateStatus> change) {
        for (int attempt = 1; ; attempt++) {
            OffloadNodeStateResource latest = client.resources(OffloadNodeStateResource.class).withName(nodeName).get();
            if (latest == null) {
                return Optional.empty();
            }
            NodeStateStatus next = change.apply(latest.getStatus());
            if (Objects.equals(next, latest.getStatus())) {
                return Optional.of(next);
            }
            latest.setStatus(next);
            try {
                return Optional.of(client.resources(OffloadNodeStateResource.class).resource(latest).updateStatus().getStatus());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return Optional.empty();   // deleted meanwhile
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
