package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;

import java.util.Optional;

/** What a node has now: discovery's inventory and, when OVSDB was asked, its configuration (else null). */
public record ObservedNode(NodeInventory inventory, OvsConfig ovs) {

    public Optional<PhysicalFunction> physicalFunction(PciAddress address) {
        return inventory.nicByPciAddress(address);
    }

    public Optional<VirtualFunction> virtualFunction(PciAddress pf, PciAddress vf) {
        return physicalFunction(pf).flatMap(p -> p.vfs().stream().filter(v -> v.pciAddress().equals(vf)).findFirst());
    }

    /** Whether a netdev exists as a PF netdev, an uplink or a representor. */
    public boolean hasNetdev(String name) {
        return inventory.nics().stream().anyMatch(pf -> name.equals(pf.netdev()) || name.equals(pf.uplink())
                || pf.representors().stream().anyMatch(r -> name.equals(r.netdev()))
                || pf.vfs().stream().anyMatch(v -> name.equals(v.netdev())));
    }
}
