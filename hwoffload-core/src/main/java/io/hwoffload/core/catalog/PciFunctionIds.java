package io.hwoffload.core.catalog;

import io.hwoffload.core.pci.PciId;

import java.util.List;

/** The PCI vendor id, device ids and kernel driver of a PF or of its VFs. */
public record PciFunctionIds(String vendor, List<String> devices, String driver) {

    public PciFunctionIds {
        vendor = PciId.normalize(vendor);
        devices = devices.stream().map(PciId::normalize).toList();
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("at least one device id is needed for vendor " + vendor);
        }
    }

    public boolean matches(String vendorId, String deviceId) {
        return vendor.equals(vendorId) && devices.contains(deviceId);
    }
}
