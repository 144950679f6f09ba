package io.hwoffload.core.inventory;

import io.hwoffload.core.pci.PciAddress;

/** One VF of a PF: its index ({@code virtfnN}), PCI function, driver, netdev and representor. */
public record VirtualFunction(int index, PciAddress pciAddress, String deviceId, String driver, String netdev,
                              String representor) {
}
