package io.hwoffload.host.discovery;

import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.PhysPortName;
import io.hwoffload.core.inventory.Representor;

import java.util.Optional;

/** A netdev as sysfs shows it, with its switchdev port identity when it has one. */
record SysfsNetdev(String name, String physPortName, String physSwitchId, LinkState link) {

    /** sriovnet's test: a netdev is a switchdev port when its phys_switch_id is non-empty. */
    boolean isSwitchPort() {
        return physSwitchId != null && !physSwitchId.isEmpty();
    }

    Optional<PhysPortName> port() {
        return isSwitchPort() ? PhysPortName.parse(physPortName) : Optional.empty();
    }

    boolean isUplink() {
        return port().map(p -> p.flavour() == Representor.Flavour.PHYSICAL).orElse(false);
    }

    boolean isRepresentor() {
        return port().map(p -> p.flavour() != Representor.Flavour.PHYSICAL).orElse(false);
    }
}
