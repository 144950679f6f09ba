package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.openshift.api.model.miscellaneous.cncf.cni.v1.NetworkAttachmentDefinition;
import io.hwoffload.core.render.DevicePluginConfigMerge;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.webhook.WebhookScope;

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
import java.util.stream.Stream;

/**
 * Makes the cluster hold a {@link ClusterResolution}: writes only what differs, and removes only what
 * hwoffload created (objects labelled managed-by hwoffload, node labels it recorded as its own).
 */
public final class ClusterWriter {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "hwoffload";
    /** Node labels hwoffload added besides its policy markers, so that it removes only those later. */
    public static final String ADDED_LABELS_ANNOTATION = "hwoffload.io/added-labels";

    /** The {@code <prefix>/<name>} of the pools hwoffload wrote into the device plugin's ConfigMap. */
    public static final String OWNED_POOLS_ANNOTATION = "hwoffload.io/device-plugin-pools";
    private static final String CONFIG_KEY = "config.json";

    private final KubernetesClient client;
    private final DevicePluginMode devicePlugin;
    private final List<String> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private String webhookWarning;

    public ClusterWriter(KubernetesClient client, DevicePluginMode devicePlugin) {
        this.client = client;
        this.devicePlugin = devicePlugin;
    }

    /** What this writer changed, one line per object, for the policy's events. */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    /** Why the webhook's matchCondition could not follow the networks, if it could not; for its own warning event. */
    public Optional<String> webhookWarning() {
        return Optional.ofNullable(webhookWarning);
    }

    /** What it could not write of the device plugin's ConfigMap and why, with the fix, for warning events. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Writes the device plugin's ConfigMap before the node states: in external mode an agent restarts the plugin
     * when its node's pools change, and the restarted plugin must find them in config.json.
     */
    public void write(ClusterResolution resolution, Collection<Node> nodes, Collection<OffloadNodeStateResource> nodeStates) {
        writeDevicePluginConfig(resolution.devicePluginConfig());
        writeNetworkAttachments(resolution.networkAttachments());
        writeWebhookScope(resolution.networkAttachments());
        writeNodeLabels(resolution.nodeLabels(), nodes);
        writeNodeStates(resolution.nodeStates(), nodeStates);
    }

    /**
     * External mode: the policies' pools merged into the plugin's ConfigMap, foreign pools kept. Built-in mode: the
     * agents serve the pools, so hwoffload's entries leave the ConfigMap (an external plugin advertising them too
     * would fight the agent over the same resource names) and a ConfigMap hwoffload created for them alone goes.
     */
    private void writeDevicePluginConfig(ConfigMap rendered) {
        ConfigMap desired = devicePlugin == DevicePluginMode.EXTERNAL ? rendered : null;
        var resource = client.configMaps().inNamespace(DevicePluginConfigMerge.NAMESPACE)
                .withName(DevicePluginConfigMerge.NAME);
        String name = DevicePluginConfigMerge.NAMESPACE + "/" + DevicePluginConfigMerge.NAME;
        ConfigMap existing = resource.get();
        if (existing == null && desired == null) {
            return;
        }
        String current = existing == null || existing.getData() == null ? null : existing.getData().get(CONFIG_KEY);
        DevicePluginConfigMerge.Result merged = DevicePluginConfigMerge.merge(current, owned(existing), desired);
        if (merged.unreadable() != null) {
            warnings.add("ConfigMap " + name + " is left as it is: " + merged.unreadable()
                    + "; fix or delete it, and hwoffload merges its pools into it");
            return;
        }
        merged.conflicts().forEach(conflict -> warnings.add("device plugin pool " + conflict));
        if (existing == null) {
            ConfigMap created = new ConfigMapBuilder().withNewMetadata().withName(DevicePluginConfigMerge.NAME)
                    .withNamespace(DevicePluginConfigMerge.NAMESPACE)
                    .withLabels(Map.of(MANAGED_BY, MANAGER))
                    .withAnnotations(Map.of(OWNED_POOLS_ANNOTATION, String.join(",", merged.owned())))
                    .endMetadata().addToData(CONFIG_KEY, merged.configJson()).build();
            client.resource(created).create();
            changes.add("created ConfigMap " + name);
        } else if (merged.isEmpty() && isManaged(existing)) {
            resource.delete();
            changes.add("deleted ConfigMap " + name);
        } else if (!Objects.equals(current, merged.configJson()) || !merged.owned().equals(owned(existing))) {
            resource.edit(cm -> {
                Map<String, String> data = new LinkedHashMap<>(Optional.ofNullable(cm.getData()).orElse(Map.of()));
                data.put(CONFIG_KEY, merged.configJson());
                cm.setData(data);
                Map<String, String> annotations = new LinkedHashMap<>(annotations(cm));
                if (merged.owned().isEmpty()) {
                    annotations.remove(OWNED_POOLS_ANNOTATION);
                } else {
                    annotations.put(OWNED_POOLS_ANNOTATION, String.join(",", merged.owned()));
                }
                cm.getMetadata().setAnnotations(annotations);
                return cm;
            });
            changes.add("updated ConfigMap " + name + " (hwoffload's pools: "
                    + (merged.owned().isEmpty() ? "none" : String.join(", ", merged.owned())) + ")");
        }
    }

    /**
     * The pools hwoffload wrote into the ConfigMap. One it created before it recorded them (managed-by, no
     * annotation: it wrote the whole config.json then) is all its own.
     */
    private static Set<String> owned(ConfigMap existing) {
        if (existing == null) {
            return Set.of();
        }
        String recorded = annotations(existing).get(OWNED_POOLS_ANNOTATION);
        if (recorded == null && isManaged(existing)) {
            String config = Optional.ofNullable(existing.getData()).map(d -> d.get(CONFIG_KEY)).orElse(null);
            return DevicePluginConfigMerge.names(config);
        }
        return recorded == null || recorded.isBlank() ? Set.of() : new TreeSet<>(Arrays.asList(recorded.split(",")));
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

    /**
     * The webhook's matchCondition names the networks rendered now (WebhookScope), so that no other pod waits on the
     * webhook. Only a configuration installed with that condition is touched: below Kubernetes 1.28 the bundle has
     * none, and without the webhook installed there is nothing to scope.
     */
    private void writeWebhookScope(List<NetworkAttachmentDefinition> networks) {
        var resource = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WebhookScope.CONFIGURATION);
        MutatingWebhookConfiguration existing = resource.get();
        if (existing == null) {
            return;
        }
        String wanted = WebhookScope.matchExpression(networks.stream().map(n -> n.getMetadata().getName()).toList());
        boolean stale = scopeConditions(existing).anyMatch(c -> !wanted.equals(c.getExpression()));
        if (!stale) {
            return;
        }
        try {
            resource.edit(configuration -> {
                scopeConditions(configuration).forEach(c -> c.setExpression(wanted));
                return configuration;
            });
        } catch (KubernetesClientException e) {
            // The API server validates the expression (its CEL cost too); the rest of the cluster is still written.
            webhookWarning = ("MutatingWebhookConfiguration " + WebhookScope.CONFIGURATION + " keeps its old matchCondition:"
                    + " the API server refused the new one (" + e.getMessage() + "); pods of a new network are admitted"
                    + " without their VF resource until it is fixed");
            return;
        }
        changes.add("scoped MutatingWebhookConfiguration " + WebhookScope.CONFIGURATION + " to "
                + (networks.isEmpty() ? "no network" : networks.size() + " network(s)"));
    }

    /** The matchCondition hwoffload keeps current, where the installed configuration has it. */
    private static Stream<MatchCondition> scopeConditions(MutatingWebhookConfiguration configuration) {
        return configuration.getWebhooks().stream().filter(w -> WebhookScope.WEBHOOK.equals(w.getName()))
                .flatMap(w -> w.getMatchConditions().stream()).filter(c -> WebhookScope.CONDITION.equals(c.getName()));
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
