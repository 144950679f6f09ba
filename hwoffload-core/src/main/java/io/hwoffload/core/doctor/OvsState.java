package io.hwoffload.core.doctor;

import io.hwoffload.core.inventory.OvsConfig;

/** What doctor learned of OVS: its configuration, or why it could not be read. */
public record OvsState(String endpoint, OvsConfig config, String unreachableReason) {

    public static OvsState reachable(String endpoint, OvsConfig config) {
        return new OvsState(endpoint, config, null);
    }

    public static OvsState unreachable(String endpoint, String reason) {
        return new OvsState(endpoint, null, reason);
    }
}
