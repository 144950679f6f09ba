package io.hwoffload.core.inventory;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.hwoffload.core.pci.PciAddress;

import java.util.List;

/**
 * An Ethernet PCI function that is not a VF, with what offload needs to know about it.
 * {@code model} is the catalog model it matched, or null; {@code sriov} is null when it has no SR-IOV.
 * {@code representors} are the switchdev ports of its eSwitch: on a DPU, those of the host's PF and VFs.
 * Derived predicates are left out of JSON: its fields are the discover contract (DESIGN.md §6).
 */
@JsonPropertyOrder({"pciAddress", "vendorId", "deviceId", "model", "vendorName", "deviceName", "driver", "netdev",
        "numaNode", "iommuGroup", "link", "sriov", "eswitchMode", "hwTcOffload", "uplink", "physSwitchId", "vfs",
        "representors"})
public record PhysicalFunction(PciAddress pciAddress, String vendorId, String deviceId, String model,
                               String vendorName, String deviceName, String driver, String netdev,
                               Integer numaNode, Integer iommuGroup, LinkState link, SriovCapability sriov,
                               EswitchMode eswitchMode, Boolean hwTcOffload, String uplink, String physSwitchId,
                               List<VirtualFunction> vfs, List<Representor> representors) {

    public PhysicalFunction {
        vfs = List.copyOf(vfs);
        representors = List.copyOf(representors);
    }

    @JsonIgnore
    public boolean isSriovCapable() {
        return sriov != null && sriov.totalVfs() > 0;
    }

    /** A DPU's Arm side: its eSwitch has representors of the host's PF and VFs, which it offloads for. */
    @JsonIgnore
    public boolean isDpuSide() {
        return representors.stream().anyMatch(Representor::external);
    }

    /** What offload can use: a PF with SR-IOV, or the eSwitch of a DPU. */
    @JsonIgnore
    public boolean isOffloadCapable() {
        return isSriovCapable() || isDpuSide();
    }
}
