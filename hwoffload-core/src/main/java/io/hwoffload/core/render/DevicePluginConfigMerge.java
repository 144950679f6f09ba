package io.hwoffload.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The SR-IOV device plugin's {@code config.json} with hwoffload's pools merged in: entries someone else wrote are
 * kept as they are (an Intel NIC's pools, say), hwoffload's own entries (named in {@code owned}) are replaced by
 * the policies' pools, and removed when no policy has them any more.
 *
 * <p>sriov-network-device-plugin refuses to start when two entries have the same {@code <prefix>/<name>}
 * ({@code cmd/sriovdp/manager.go} validConfigs, at commit 40b6f507), so a pool whose name a foreign entry already
 * has is left out and named in {@link Result#conflicts()}, never written twice. A foreign entry without
 * {@code resourcePrefix} has the plugin's {@code --resource-prefix}, {@code intel.com} unless the DaemonSet
 * overrides it ({@code cmd/sriovdp/main.go}).
 */
public final class DevicePluginConfigMerge {
    /** Where the device plugin's DaemonSet reads its config (deployments/configMap.yaml upstream). */
    public static final String NAMESPACE = DevicePluginConfigRenderer.NAMESPACE;
    public static final String NAME = DevicePluginConfigRenderer.NAME;
    /** The upstream plugin's default {@code --resource-prefix}. */
    static final String UPSTREAM_DEFAULT_PREFIX = "intel.com";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DevicePluginConfigMerge() {
    }

    /**
     * @param configJson the plugin's {@code config.json}, or null
     * @param owned      the {@code <prefix>/<name>} of the entries hwoffload wrote before
     * @param conflicts  pools left out because a foreign entry has their name, each with what to do
     * @param unreadable why the existing config.json was left untouched (it is not the plugin's JSON); else null
     */
    public record Result(String configJson, SortedSet<String> owned, List<String> conflicts, String unreadable) {
        public Result {
            owned = Collections.unmodifiableSortedSet(new TreeSet<>(owned));
            conflicts = List.copyOf(conflicts);
        }

        /** Whether the config has no entry left: a ConfigMap hwoffload created for it alone can go. */
        public boolean isEmpty() {
            return configJson == null || RenderJson.parse(configJson).path("resourceList").isEmpty();
        }
    }

    /**
     * Merges {@code desired} (the rendered ConfigMap, null when no policy has a pool) into {@code existing} (the
     * current config.json, null when there is none).
     */
    public static Result merge(String existing, Collection<String> owned, ConfigMap desired) {
        Map<String, JsonNode> ours = new LinkedHashMap<>();
        if (desired != null) {
            for (JsonNode entry : RenderJson.parse(desired.getData().get(DevicePluginConfigRenderer.CONFIG_KEY)).path("resourceList")) {
                ours.put(qualifiedName(entry), entry);
            }
        }
        ObjectNode config;
        try {
            config = existing == null || existing.isBlank() ? MAPPER.createObjectNode() : readConfig(existing);
        } catch (IllegalArgumentException e) {
            return new Result(existing, new TreeSet<>(owned == null ? Set.of() : owned), List.of(), e.getMessage());
        }
        Set<String> previouslyOwned = owned == null ? Set.of() : Set.copyOf(owned);
        ArrayNode merged = MAPPER.createArrayNode();
        Set<String> foreign = new TreeSet<>();
        for (JsonNode entry : config.path("resourceList")) {
            String name = qualifiedName(entry);
            if (!previouslyOwned.contains(name)) {
                merged.add(entry);
                foreign.add(name);
            }
        }
        SortedSet<String> nowOwned = new TreeSet<>();
        List<String> conflicts = new ArrayList<>();
        ours.forEach((name, entry) -> {
            if (foreign.contains(name)) {
                conflicts.add(name + " is already a pool of " + DevicePluginConfigRenderer.NAMESPACE + "/"
                        + DevicePluginConfigRenderer.NAME + " that hwoffload did not write, and the device plugin"
                        + " refuses two pools of one name: rename the policy's pool (resourcePrefix/resourceName),"
                        + " or remove that entry from config.json to let hwoffload own it");
            } else {
                merged.add(entry);
                nowOwned.add(name);
            }
        });
        config.set("resourceList", merged);
        return new Result(RenderJson.pretty(config), nowOwned, conflicts, null);
    }

    /** The {@code <prefix>/<name>} of every entry of {@code configJson}; none when it is absent or not the plugin's JSON. */
    public static Set<String> names(String configJson) {
        Set<String> names = new TreeSet<>();
        if (configJson != null && !configJson.isBlank()) {
            try {
                readConfig(configJson).path("resourceList").forEach(entry -> names.add(qualifiedName(entry)));
            } catch (IllegalArgumentException e) {
                return Set.of();
            }
        }
        return names;
    }

    private static ObjectNode readConfig(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("its config.json is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (!(tree instanceof ObjectNode object) || (object.has("resourceList") && !object.get("resourceList").isArray())) {
            throw new IllegalArgumentException("its config.json is not {\"resourceList\": [...]}");
        }
        return object;
    }

    private static String qualifiedName(JsonNode entry) {
        String prefix = entry.path("resourcePrefix").asText("");
        return (prefix.isEmpty() ? UPSTREAM_DEFAULT_PREFIX : prefix) + "/" + entry.path("resourceName").asText("");
    }
}
