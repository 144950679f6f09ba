package io.hwoffload.host.discovery;

import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.PhysPortName;
import io.hwoffload.core.inventory.Representor;

import java.util.Optional;

/** A netdev as sysfs shows it, with its switchdev port identity when it has one. */
record SysfsNetdev(String name, String physPortName, String physSwitchId, LinkState link,
                   Optional<PhysPortName> port) {

    /** {@code port} is read from phys_port_name only for switchdev ports: sriovnet's test is a non-empty phys_switch_id. */
    static SysfsNetdev of(String name, String physPortName, String physSwitchId, LinkState link) {
        boolean switchPort = physSwitchId != null && !physSwitchId.isEmpty();
        return new SysfsNetdev(name, physPortName, physSwitchId, link,
                switchPort ? PhysPortName.parse(physPortName) : Optional.empty());
    }

    boolean isUplink() {
        return port().map(p -> p.flavour() == Representor.Flavour.PHYSICAL).orElse(false);
    }

    boolean isRepresentor() {
        return port().map(p -> p.flavour() != Representor.Flavour.PHYSICAL).orElse(false);
    }
}
