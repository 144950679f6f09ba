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

    /**
     * {@code column:key} should be {@code value}; null: the key should not be there. {@code writer} null: hwoffload
     * writes it; else the CNI does (Kube-OVN's start-ovs.sh writes hw-offload at every start), and hwoffload only
     * checks it and says how to change it there, for two writers of one key would undo each other.
     */
    public record OvsSetting(OvsColumn column, String key, String value, CniOwnedSetting writer) {
        public OvsSetting(OvsColumn column, String key, String value) {
            this(column, key, value, null);
        }
    }

    /** Who writes a setting instead of hwoffload, and the commands that change it there. */
    public record CniOwnedSetting(String writer, List<String> fix) {
        public CniOwnedSetting {
            fix = List.copyOf(fix);
        }
    }
}
