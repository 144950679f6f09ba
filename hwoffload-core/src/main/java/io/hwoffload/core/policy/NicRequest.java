package io.hwoffload.core.policy;

import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.pci.PciAddress;

import java.util.List;

/**
 * What a policy asks of a node's NICs: which PFs (by vendor/device, PF name or PCI address; all given
 * criteria must hold) and how many VFs on each (null: leave the VF count as it is).
 */
public record NicRequest(String policyName, String vendor, String deviceId, List<String> pfNames,
                         List<PciAddress> rootDevices, Integer numVfs) {

    public NicRequest {
        pfNames = List.copyOf(pfNames);
        rootDevices = List.copyOf(rootDevices);
    }

    public boolean selects(PhysicalFunction pf) {
        return (vendor == null || vendor.equals(pf.vendorId()))
                && (deviceId == null || deviceId.equals(pf.deviceId()))
                && (pfNames.isEmpty() || pfNames.contains(pf.netdev()))
                && (rootDevices.isEmpty() || rootDevices.contains(pf.pciAddress()));
    }

    /** The selector in the policy's own words, for messages. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (vendor != null) {
            text.append("vendor ").append(vendor);
        }
        if (deviceId != null) {
            text.append(text.length() > 0 ? ", " : "").append("device ").append(deviceId);
        }
        if (!pfNames.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "").append("pfNames ").append(pfNames);
        }
        if (!rootDevices.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "").append("rootDevices ").append(rootDevices);
        }
        return text.length() == 0 ? "any NIC" : text.toString();
    }
}
