package io.hwoffload.host;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;

import java.util.Optional;

/**
 * What discovery needs that sysfs does not show: the kernel answers these over netlink
 * (devlink for the eSwitch mode, ethtool for netdev features).
 */
public interface NetlinkQueries {

    /** The ethtool feature TC flower offload needs on the uplink ({@code NETIF_F_HW_TC}). */
    String HW_TC_OFFLOAD = "hw-tc-offload";

    /** {@code devlink dev eswitch show pci/<pf>}. */
    EswitchMode eswitchMode(PciAddress pf);

    /** {@code ethtool -k <netdev>}: the state of one feature such as {@code hw-tc-offload}; empty if unknown. */
    Optional<Boolean> feature(String netdev, String feature);
}
