package io.hwoffload.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What OVSDB holds that offload depends on: the Open_vSwitch row's version, other_config and external_ids,
 * the bridges with their ports (a DPU's uplink bridge), and each bridge's datapath_type where it is set.
 *
 * @param datapathTypes bridge name to its non-empty datapath_type ("netdev" is the userspace datapath, "system"
 *                      the kernel's, which an empty one means too)
 */
public record OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds,
                        List<OvsBridge> bridges, Map<String, String> datapathTypes) {

    public OvsConfig {
        otherConfig = Map.copyOf(otherConfig);
        externalIds = Map.copyOf(externalIds);
        bridges = List.copyOf(bridges);
        datapathTypes = Map.copyOf(datapathTypes);
    }

    public OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds,
                     List<OvsBridge> bridges) {
        this(ovsVersion, otherConfig, externalIds, bridges, Map.of());
    }

    public OvsConfig(String ovsVersion, Map<String, String> otherConfig, Map<String, String> externalIds) {
        this(ovsVersion, otherConfig, externalIds, List.of());
    }

    public boolean hwOffload() {
        return Boolean.parseBoolean(otherConfig.getOrDefault("hw-offload", "false"));
    }

    /** The bridges on the userspace datapath (datapath_type=netdev), sorted. */
    public List<String> userspaceBridges() {
        return datapathTypes.entrySet().stream().filter(e -> e.getValue().equals("netdev")).map(Map.Entry::getKey)
                .sorted().toList();
    }

    public Optional<OvsBridge> bridge(String name) {
        return bridges.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
