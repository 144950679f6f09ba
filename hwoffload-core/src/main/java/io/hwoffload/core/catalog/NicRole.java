package io.hwoffload.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which side of a NIC a model describes. A DPU's PCI function has the same ids on the host and on its
 * Arm side; the DPU side is the one whose eSwitch has representors of a host PF ({@code pf0hpf}).
 */
public enum NicRole {
    NIC, DPU_HOST, DPU;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static NicRole fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label
                        + "' is not a NIC role: expected nic, dpu-host or dpu"));
    }
}
