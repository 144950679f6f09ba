package io.hwoffload.core.inventory;

import java.util.List;

/** An OVS bridge and the names of its ports (the bridge's own internal port included, as OVSDB has it). */
public record OvsBridge(String name, List<String> ports) {

    public OvsBridge {
        ports = List.copyOf(ports);
    }
}
