package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.OffloadNodeStateResource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Makes the cluster hold a {@link ClusterResolution}: writes only what differs, and removes only what
 * hwoffload created (objects labelled managed-by hwoffload, node labels it recorded as its own).
 */
public final class ClusterWriter {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "hwoffload";
    /** Node labels hwoffload added besides its policy markers, so that it removes only those later. */
    public static final String ADDED_LABELS_ANNOTATION = "hwoffload.io/added-labels";

    private final KubernetesClient client;
    private final List<String> changes = new ArrayList<>();

    public ClusterWriter(KubernetesClient client) {
        this.client = client;
    }

    /** What this writer changed, one line per object, for the policy's events. */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    public void write(ClusterResolution resolution, Collection<Node> nodes, Collection<OffloadNodeStateResource> nodeStates) {
        writeDevicePluginConfig(resolution.devicePluginConfig());
        writeNetworkAttachments(resolution.networkAttachments());
        writeNodeLabels(resolution.nodeLabels(), nodes);
        writeNodeStates(resolution.nodeStates(), nodeStates);
    }

    private void writeDevicePluginConfig(ConfigMap desired) {
        var resource = client.configMaps().inNamespace("kube-system").withName("sriovdp-config");
        ConfigMap existing = resource.get();
        if (desired == null) {
            if (existing != null && isManaged(existing)) {
                resource.delete();
                changes.add("deleted ConfigMap kube-system/sriovdp-config");
            }
            return;
        }
        if (existing == null) {
            client.resource(managed(desired)).create();
            changes.add("created ConfigMap kube-system/sriovdp-config");
        } else if (!Objects.equals(existing.getData(), desired.getData()) || !isManaged(existing)) {
            // A hand-written sriovdp-config is taken over: the policies are now its source of truth.
            resource.edit(cm -> {
                cm.setData(desired.getData());
                cm.getMetadata().setLabels(withManagedBy(cm.getMetadata().getLabels()));
                return cm;
            });
            changes.add("updated ConfigMap kube-system/sriovdp-config");
        }
    }

    private void writeNetworkAttachments(List<NetworkAttachmentDefinition> desired) {
        var nads = client.resources(NetworkAttachmentDefinition.class);
        Map<String, NetworkAttachmentDefinition> existing = new HashMap<>();
        nads.inAnyNamespace().withLabel(MANAGED_BY, MANAGER).list().getItems()
                .forEach(nad -> existing.put(key(nad), nad));
        Set<String> wanted = new TreeSet<>();
        for (NetworkAttachmentDefinition nad : desired) {
            String key = key(nad);
            wanted.add(key);
            NetworkAttachmentDefinition current = existing.containsKey(key) ? existing.get(key)
                    : nads.inNamespace(nad.getMetadata().getNamespace()).withName(nad.getMetadata().getName()).get();
            if (current == null) {
                client.resource(managed(nad)).create();
                changes.add("created NetworkAttachmentDefinition " + key);
            } else if (!Objects.equals(current.getSpec(), nad.getSpec())
                    || !Objects.equals(annotations(current), annotations(nad)) || !isManaged(current)) {
                nads.inNamespace(nad.getMetadata().getNamespace()).withName(nad.getMetadata().getName()).edit(n -> {
                    n.setSpec(nad.getSpec());
                    n.getMetadata().setAnnotations(merged(n.getMetadata().getAnnotations(), annotations(nad)));
                    n.getMetadata().setLabels(withManagedBy(n.getMetadata().getLabels()));
                    return n;
                });
                changes.add("updated NetworkAttachmentDefinition " + key);
            }
        }
        existing.forEach((key, nad) -> {
            if (!wanted.contains(key)) {
                client.resource(nad).delete();
                changes.add("deleted NetworkAttachmentDefinition " + key);
            }
        });
    }

    private void writeNodeLabels(Map<String, Map<String, String>> desired, Collection<Node> nodes) {
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
            Set<String> added = addedLabels(node);
            Map<String, String> wanted = desired.getOrDefault(name, Map.of());

            Set<String> stale = new TreeSet<>();
            labels.keySet().stream().filter(k -> k.startsWith(ClusterResolver.POLICY_LABEL_PREFIX) || added.contains(k))
                    .filter(k -> !wanted.containsKey(k)).forEach(stale::add);
            Map<String, String> missing = new LinkedHashMap<>();
            wanted.forEach((k, v) -> {
                if (!Objects.equals(labels.get(k), v)) {
                    missing.put(k, v);
                }
            });
            // Labels we set that were not policy markers, remembered so that only they are removed later.
            Set<String> nowAdded = new TreeSet<>(added);
            nowAdded.removeAll(stale);
            missing.keySet().stream().filter(k -> !k.startsWith(ClusterResolver.POLICY_LABEL_PREFIX)).forEach(nowAdded::add);
            if (stale.isEmpty() && missing.isEmpty() && nowAdded.equals(added)) {
                continue;
            }
            client.nodes().withName(name).edit(n -> {
                Map<String, String> nodeLabels = new LinkedHashMap<>(Optional.ofNullable(n.getMetadata().getLabels()).orElse(Map.of()));
                stale.forEach(nodeLabels::remove);
                nodeLabels.putAll(missing);
                n.getMetadata().setLabels(nodeLabels);
                Map<String, String> annotations = new LinkedHashMap<>(Optional.ofNullable(n.getMetadata().getAnnotations()).orElse(Map.of()));
                if (nowAdded.isEmpty()) {
                    annotations.remove(ADDED_LABELS_ANNOTATION);
                } else {
                    annotations.put(ADDED_LABELS_ANNOTATION, String.join(",", nowAdded));
                }
                n.getMetadata().setAnnotations(annotations);
                return n;
            });
            changes.add("labelled Node " + name + describe(missing, stale));
        }
    }

    private void writeNodeStates(Map<String, NodeStateSpec> desired, Collection<OffloadNodeStateResource> existing) {
        var states = client.resources(OffloadNodeStateResource.class);
        Map<String, OffloadNodeStateResource> byName = existing.stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s, (a, b) -> a));
        desired.forEach((node, spec) -> {
            OffloadNodeStateResource current = byName.get(node);
            if (current == null) {
                OffloadNodeStateResource state = new OffloadNodeStateResource();
                state.setMetadata(new ObjectMetaBuilder().withName(node).withLabels(Map.of(MANAGED_BY, MANAGER)).build());
                state.setSpec(spec);
                states.resource(state).create();
                changes.add("created OffloadNodeState " + node);
            } else if (!Objects.equals(current.getSpec(), spec)) {
                states.withName(node).edit(s -> {
                    s.setSpec(spec);
                    return s;
                });
                changes.add("updated OffloadNodeState " + node);
            }
        });
        byName.forEach((node, state) -> {
            if (!desired.containsKey(node) && isManaged(state)) {
                states.withName(node).delete();
                changes.add("deleted OffloadNodeState " + node);
            }
        });
    }

    private static Set<String> addedLabels(Node node) {
        String recorded = Optional.ofNullable(node.getMetadata().getAnnotations()).map(a -> a.get(ADDED_LABELS_ANNOTATION))
                .orElse("");
        return recorded.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(recorded.split(",")));
    }

    private static String describe(Map<String, String> added, Set<String> removed) {
        StringBuilder text = new StringBuilder();
        if (!added.isEmpty()) {
            text.append(" +").append(String.join(" +", added.keySet()));
        }
        if (!removed.isEmpty()) {
            text.append(" -").append(String.join(" -", removed));
        }
        return text.toString();
    }

    private static <T extends HasMetadata> T managed(T object) {
        object.getMetadata().setLabels(withManagedBy(object.getMetadata().getLabels()));
        return object;
    }

    private static Map<String, String> withManagedBy(Map<String, String> labels) {
        Map<String, String> result = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        result.put(MANAGED_BY, MANAGER);
        return result;
    }

    private static boolean isManaged(HasMetadata object) {
        return MANAGER.equals(Optional.ofNullable(object.getMetadata().getLabels()).map(l -> l.get(MANAGED_BY)).orElse(null));
    }

    private static Map<String, String> annotations(HasMetadata object) {
        return Optional.ofNullable(object.getMetadata().getAnnotations()).orElse(Map.of());
    }

    /** The existing annotations with ours on top: other tools' annotations on a NAD are kept. */
    private static Map<String, String> merged(Map<String, String> existing, Map<String, String> ours) {
        Map<String, String> result = new LinkedHashMap<>(existing == null ? Map.of() : existing);
        result.putAll(ours);
        return result;
    }

    private static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }
}
