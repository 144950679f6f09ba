package io.hwoffload.core.inventory;

import java.util.List;
import java.util.Optional;

/** What a node has for offload: its Ethernet PFs (with VFs and representors), versions, and findings. */
public record NodeInventory(String sysfsRoot, HostVersions versions, List<PhysicalFunction> nics,
                            List<Finding> findings) {

    public NodeInventory {
        nics = List.copyOf(nics);
        findings = List.copyOf(findings);
    }

    public Optional<PhysicalFunction> nicByNetdev(String netdev) {
        return nics.stream().filter(n -> netdev.equals(n.netdev())).findFirst();
    }

    public Optional<PhysicalFunction> nicByPciAddress(io.hwoffload.core.pci.PciAddress address) {
        return nics.stream().filter(n -> address.equals(n.pciAddress())).findFirst();
    }
}
