package io.hwoffload.core.catalog;

import java.util.List;

/**
 * What we know of one NIC model: its PCI ids and drivers, SR-IOV size, how it reaches switchdev,
 * vendor steps, offload limits (codes of the flows rule catalog), CNI notes and minimum versions.
 */
public record NicModel(String name, String vendorName, String productName, NicRole role, PciFunctionIds pf,
                       PciFunctionIds vf, int maxVfs, DriverFamily driverFamily, SwitchdevControl switchdev,
                       List<VendorStep> vendorSteps, List<String> offloadLimits, List<String> cniNotes,
                       MinimumVersions minimum, String seed) {

    public NicModel {
        if (name == null || !name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("model name '" + name + "' must be lower-case words joined by '-'");
        }
        role = role == null ? NicRole.NIC : role;
        vendorSteps = vendorSteps == null ? List.of() : List.copyOf(vendorSteps);
        offloadLimits = offloadLimits == null ? List.of() : List.copyOf(offloadLimits);
        cniNotes = cniNotes == null ? List.of() : List.copyOf(cniNotes);
        minimum = minimum == null ? new MinimumVersions(null, null, null) : minimum;
    }
}
