package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.OvsBridge;

import java.util.List;

/**
 * What OVSDB should hold: settings of the Open_vSwitch row (a null value: the key absent), bridges with
 * ports that must exist, and bridges and ports that must not (what reset removes).
 */
public record DesiredOvs(List<OvsSetting> settings, List<OvsBridge> bridges, List<String> absentBridges,
                         List<OvsBridge> absentPorts) {

    public DesiredOvs {
        settings = List.copyOf(settings);
        bridges = List.copyOf(bridges);
        absentBridges = List.copyOf(absentBridges);
        absentPorts = List.copyOf(absentPorts);
    }

    /** {@code column:key} should be {@code value}; null: the key should not be there. */
    public record OvsSetting(OvsColumn column, String key, String value) {
    }
}
