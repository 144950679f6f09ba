package io.hwoffload.core.plan;

import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;

import java.util.Map;
import java.util.Optional;

/**
 * What a node has now: discovery's inventory, when OVSDB was asked its configuration (else null), and the IP
 * configuration of the netdevs an OVS bridge may take over (PF netdevs, uplinks, the bridges themselves), by name.
 */
public record ObservedNode(NodeInventory inventory, OvsConfig ovs, Map<String, IpAddressing> addressing) {

    public ObservedNode {
        addressing = Map.copyOf(addressing);
    }

    /** Whether {@code netdev} was looked at and exists (its IP configuration is known, perhaps empty). */
    public boolean hasInterface(String netdev) {
        return addressing.containsKey(netdev);
    }

    /** {@code netdev}'s IP configuration; none when it has none or was not looked at. */
    public IpAddressing addressing(String netdev) {
        return addressing.getOrDefault(netdev, IpAddressing.NONE);
    }

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
