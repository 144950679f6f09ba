package io.hwoffload.host.nicsim;

/**
 * A netdev the emulated kernel shows under a PCI function: name, MAC, and the switch attributes it has
 * only in some modes ({@code phys_port_name}, {@code phys_switch_id}; null where the kernel has none).
 */
record NetdevSpec(String name, String mac, String physPortName, String physSwitchId) {
}
