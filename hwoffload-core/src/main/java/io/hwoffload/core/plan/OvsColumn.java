package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.OvsConfig;

import java.util.Map;

/** The Open_vSwitch row's key-value columns a policy sets. */
public enum OvsColumn {
    OTHER_CONFIG("other_config"), EXTERNAL_IDS("external_ids");

    private final String column;

    OvsColumn(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    public Map<String, String> of(OvsConfig config) {
        return this == OTHER_CONFIG ? config.otherConfig() : config.externalIds();
    }
}
