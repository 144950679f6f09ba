package io.hwoffload.core.catalog;

import io.hwoffload.core.pci.PciId;

import java.util.ArrayList;
import java.util.List;

import static io.hwoffload.core.catalog.CatalogFieldException.required;

/** The PCI vendor id, device ids and kernel driver of a PF or of its VFs. */
public record PciFunctionIds(String vendor, List<String> devices, String driver) {

    public PciFunctionIds {
        vendor = pciId("vendor", required(vendor, "vendor", "four hex digits such as 15b3"));
        List<String> normalized = new ArrayList<>();
        for (String device : required(devices, "devices", "a list of device ids such as [\"1017\"]")) {
            normalized.add(pciId("devices[" + normalized.size() + "]", device));
        }
        if (normalized.isEmpty()) {
            throw new CatalogFieldException("devices", "is empty; list at least one device id such as \"1017\"");
        }
        devices = List.copyOf(normalized);
    }

    private static String pciId(String field, String text) {
        if (!PciId.isValid(text)) {
            throw new CatalogFieldException(field, "'" + text + "' is not a PCI id: expected four hex digits"
                    + " such as 15b3, in quotes (\"0100\" unquoted would be read as a number)");
        }
        return PciId.normalize(text);
    }

    public boolean matches(String vendorId, String deviceId) {
        return vendor.equals(vendorId) && devices.contains(deviceId);
    }
}
