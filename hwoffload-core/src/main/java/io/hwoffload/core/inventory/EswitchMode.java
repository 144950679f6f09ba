package io.hwoffload.core.inventory;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** A PF's embedded switch mode, as {@code devlink dev eswitch show} reports it. */
public enum EswitchMode {
    LEGACY("legacy"),
    SWITCHDEV("switchdev"),
    /** The device has no eSwitch devlink can set (devlink answers "Operation not supported"). */
    UNSUPPORTED("unsupported"),
    /** Could not be read: no devlink, no permission, or not asked. */
    UNKNOWN("unknown");

    private final String label;

    EswitchMode(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @JsonCreator
    public static EswitchMode fromLabel(String label) {
        return Arrays.stream(values()).filter(m -> m.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label
                        + "' is not an eSwitch mode: expected legacy or switchdev"));
    }

    @Override
    public String toString() {
        return label;
    }
}
