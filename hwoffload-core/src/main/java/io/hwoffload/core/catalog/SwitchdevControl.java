package io.hwoffload.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/** How a NIC's eSwitch reaches switchdev mode. */
public enum SwitchdevControl {
    /** {@code devlink dev eswitch set pci/<pf> mode switchdev}. */
    DEVLINK,
    /** The firmware runs the eSwitch in switchdev mode from boot (nfp flower, a DPU's Arm side). */
    FIRMWARE,
    /** The NIC is driven through a vendor stack that has no kernel switchdev step. */
    VENDOR;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SwitchdevControl fromLabel(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label
                        + "' is not a switchdev control: expected devlink, firmware or vendor"));
    }
}
