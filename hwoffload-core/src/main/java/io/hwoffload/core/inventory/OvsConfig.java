package io.hwoffload.core.inventory;

import java.util.Map;

/** The Open_vSwitch row's settings that offload depends on, as read from OVSDB. */
public record OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds) {

    public OvsConfig {
        otherConfig = Map.copyOf(otherConfig);
        externalIds = Map.copyOf(externalIds);
    }

    public boolean hwOffload() {
        return Boolean.parseBoolean(otherConfig.getOrDefault("hw-offload", "false"));
    }
}
