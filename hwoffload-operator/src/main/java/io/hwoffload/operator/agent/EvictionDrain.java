package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.core.policy.RolloutPolicy.DrainMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cordons and drains this node as {@code kubectl drain --ignore-daemonsets} does, but only of the pods the rollout
 * asks for: every pod is evicted through the Eviction API (policy/v1), so a PodDisruptionBudget is honoured, never
 * bypassed (a 429 is asked again, with backoff, until the drain timeout). Pods that no controller would recreate,
 * and pods with local storage, are not evicted: they hold the drain, and the rollout pauses naming them, as
 * kubectl drain refuses them without --force and --delete-emptydir-data. The rules are kubectl's (k8s.io/kubectl
 * {@code pkg/drain/filters.go}: mirrorPodFilter skips pods annotated kubernetes.io/config.mirror, localStorageFilter
 * holds a running pod with an emptyDir volume, unreplicatedFilter one without a controller, finished pods go).
 */
public final class EvictionDrain implements NodeDrain, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EvictionDrain.class);
    private static final String MIRROR_POD = "kubernetes.io/config.mirror";
    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final KubernetesClient evictions;
    private final String nodeName;
    private final Clock clock;

    /**
     * Evictions go through a client of the same configuration that does not retry: fabric8 retries a 429 on its own
     * (requestRetryBackoffLimit, 10 by default), which held one eviction for 20 s and overshot the drain timeout; the
     * drain's own backoff is the one that should wait.
     */
    public EvictionDrain(KubernetesClient client, String nodeName, Clock clock) {
        this.client = client;
        this.evictions = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
        this.nodeName = nodeName;
        this.clock = clock;
    }

    @Override
    public void close() {
        evictions.close();
    }

    @Override
    public boolean isUnschedulable() {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            throw new KubernetesClientException("node " + nodeName + " does not exist");
        }
        return Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }

    @Override
    public void cordon() {
        client.nodes().withName(nodeName).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        LOG.info("cordoned {}", nodeName);
    }

    @Override
    public void uncordon() {
        client.nodes().withName(nodeName).edit(n -> {
            n.getSpec().setUnschedulable(false);
            return n;
        });
        LOG.info("uncordoned {}", nodeName);
    }

    @Override
    public Result drain(DrainMode mode, Set<String> vfResources, Instant deadline) throws InterruptedException {
        Duration backoff = FIRST_RETRY;
        while (true) {
            Map<String, String> remaining = new LinkedHashMap<>();
            for (Pod pod : podsToEvict(mode, vfResources)) {
                String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
                Optional<String> refused = refusal(pod);
                if (refused.isPresent()) {
                    remaining.put(name, refused.get());
                } else if (pod.getMetadata().getDeletionTimestamp() != null) {
                    remaining.put(name, "terminating");
                } else {
                    evict(pod).ifPresent(why -> remaining.put(name, why));
                }
            }
            if (remaining.isEmpty() || !clock.instant().isBefore(deadline)) {
                return new Result(remaining);
            }
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff.multipliedBy(2);
        }
    }

    /** Why the pod is not evicted, as kubectl drain refuses it; empty when it may be. */
    private static Optional<String> refusal(Pod pod) {
        List<OwnerReference> owners = Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of());
        if (owners.stream().noneMatch(o -> Boolean.TRUE.equals(o.getController()))) {
            return Optional.of("no controller would recreate it: delete it, or give it one");
        }
        List<Volume> volumes = Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of());
        if (volumes.stream().anyMatch(v -> v.getEmptyDir() != null)) {
            return Optional.of("its emptyDir (local storage) would be lost: move it, or drain with drain: none");
        }
        return Optional.empty();
    }

    /** Asks the API server to evict the pod; the reason it is still there when it refused. */
    private Optional<String> evict(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            boolean evicted = evictions.pods().inNamespace(namespace).withName(name).evict(new EvictionBuilder()
                    .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
            if (evicted) {
                LOG.info("evicted {}/{}", namespace, name);
                return Optional.of("evicted, terminating");
            }
            return Optional.of("a PodDisruptionBudget allows no eviction now");
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return Optional.empty();   // gone already
            }
            return Optional.of("eviction failed: " + e.getMessage());
        }
    }

    /**
     * The node's running pods the drain moves: not DaemonSets' (they would come back) nor mirror pods (the kubelet's
     * own), nor finished ones; with VF_PODS only those holding one of the VF resources.
     */
    private List<Pod> podsToEvict(DrainMode mode, Set<String> vfResources) {
        // The field selector is the API server's; the filter repeats it for servers (and mocks) that ignore it.
        return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems().stream()
                .filter(pod -> pod.getSpec() != null && nodeName.equals(pod.getSpec().getNodeName()))
                .filter(pod -> pod.getStatus() == null || !Set.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()))
                .filter(pod -> !annotations(pod).containsKey(MIRROR_POD))
                .filter(pod -> Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                        .noneMatch(o -> "DaemonSet".equals(o.getKind())))
                .filter(pod -> mode == DrainMode.ALL || holdsAny(pod, vfResources))
                .toList();
    }

    private static boolean holdsAny(Pod pod, Set<String> resources) {
        for (Container container : pod.getSpec().getContainers()) {
            ResourceRequirements requirements = container.getResources();
            if (requirements == null) {
                continue;
            }
            for (Map<String, Quantity> amounts : Arrays.asList(requirements.getRequests(), requirements.getLimits())) {
                if (amounts != null && amounts.keySet().stream().anyMatch(resources::contains)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, String> annotations(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getAnnotations()).orElse(Map.of());
    }
}
