package io.hwoffload.host.ovs;

import java.util.Map;
import java.util.TreeMap;

/**
 * A port as a CNI plugs it into a bridge: the netdev's name (port and interface alike) and the keys the CNI's
 * agent later finds it by, on the Port row ({@code external_ids}, {@code other_config}) and on the Interface
 * row ({@code external_ids}).
 */
public record PortAttachment(String name, Map<String, String> portExternalIds, Map<String, String> portOtherConfig,
                             Map<String, String> interfaceExternalIds) {

    public PortAttachment {
        portExternalIds = new TreeMap<>(portExternalIds);
        portOtherConfig = new TreeMap<>(portOtherConfig);
        interfaceExternalIds = new TreeMap<>(interfaceExternalIds);
    }

    /** A plain port: {@code ovs-vsctl add-port BRIDGE NAME}. */
    public static PortAttachment plain(String name) {
        return new PortAttachment(name, Map.of(), Map.of(), Map.of());
    }
}
