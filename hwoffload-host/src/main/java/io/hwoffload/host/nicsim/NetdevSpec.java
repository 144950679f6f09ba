package io.hwoffload.host.nicsim;

/**
 * A netdev the emulated kernel shows for a PCI function: name, MAC, the switch attributes it has only in some modes
 * ({@code phys_port_name}, {@code phys_switch_id}; null where the driver has none), whether the driver registered
 * it with no parent device ({@code virtual}: under {@code /sys/devices/virtual/net}, not the function's directory),
 * and what it is (its features start by that).
 */
record NetdevSpec(String name, String mac, String physPortName, String physSwitchId, boolean virtual, NetdevRole role) {
}
