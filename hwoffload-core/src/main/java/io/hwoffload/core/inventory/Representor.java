package io.hwoffload.core.inventory;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A switchdev port netdev: the uplink ({@code p0}), a PF representor ({@code pf0}, {@code c1pf0}: the host PF
 * seen from a DPU), or a VF representor ({@code pf0vf1}, {@code c1pf0vf1}, or a bare {@code 1} on old kernels).
 */
public record Representor(String netdev, Flavour flavour, Integer pfIndex, Integer vfIndex, boolean external,
                          String physPortName, String physSwitchId) {

    public enum Flavour {
        PHYSICAL, PF, VF;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
