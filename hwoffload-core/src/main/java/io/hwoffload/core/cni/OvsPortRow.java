package io.hwoffload.core.cni;

import java.util.Map;
import java.util.Objects;

/**
 * One OVS port as its OVSDB rows describe it: the Interface's name, type and external_ids, and the external_ids of the
 * Port that holds it (the CNIs write their pod keys on one or the other).
 */
public record OvsPortRow(String name, String type, Map<String, String> interfaceExternalIds,
                         Map<String, String> portExternalIds) {
    public OvsPortRow {
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
        interfaceExternalIds = Map.copyOf(interfaceExternalIds);
        portExternalIds = Map.copyOf(portExternalIds);
    }
}
