package io.hwoffload.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What OVSDB holds that offload depends on: the Open_vSwitch row's version, other_config and external_ids,
 * and the bridges with their ports (a DPU's uplink bridge).
 */
public record OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds,
                        List<OvsBridge> bridges) {

    public OvsConfig {
        otherConfig = Map.copyOf(otherConfig);
        externalIds = Map.copyOf(externalIds);
        bridges = List.copyOf(bridges);
    }

    public OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds) {
        this(ovsVersion, otherConfig, externalIds, List.of());
    }

    public boolean hwOffload() {
        return Boolean.parseBoolean(otherConfig.getOrDefault("hw-offload", "false"));
    }

    public Optional<OvsBridge> bridge(String name) {
        return bridges.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
