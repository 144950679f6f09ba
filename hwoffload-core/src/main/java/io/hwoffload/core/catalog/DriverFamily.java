package io.hwoffload.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which configuration sequence a NIC's driver needs (DESIGN.md §3): mlx5 and unknown drivers follow
 * sriov-network-operator's order (legacy, numvfs, unbind VFs, switchdev, hw-tc-offload, bind);
 * ice sets the mode with no VFs; nfp needs its flower firmware first; vendor-sdk NICs are driven by
 * the vendor's own stack (no devlink step).
 */
public enum DriverFamily {
    MLX5, ICE, NFP, VENDOR_SDK, GENERIC;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static DriverFamily fromLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label
                        + "' is not a driver family: expected mlx5, ice, nfp, vendor-sdk or generic"));
    }
}
