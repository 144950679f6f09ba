package io.hwoffload.core.policy;

import io.hwoffload.core.inventory.OvsBridge;

import java.util.List;

/**
 * What the policy sets in OVSDB: {@code other_config:hw-offload}, {@code tc-policy} and {@code max-idle}
 * (null: left alone), and bridges with their ports (a DPU's uplink bridge holding p0 and pf0hpf).
 */
public record OvsSettings(Boolean hwOffload, String tcPolicy, Integer maxIdle, List<OvsBridge> bridges) {

    public OvsSettings {
        bridges = List.copyOf(bridges);
    }
}
