package io.hwoffload.core.catalog;

import java.util.List;

import static io.hwoffload.core.catalog.CatalogFieldException.required;

/**
 * What we know of one NIC model: its PCI ids and drivers, SR-IOV size, how it reaches switchdev,
 * vendor steps, offload limits (codes of the flows rule catalog), CNI notes and minimum versions.
 */
public record NicModel(String name, String vendorName, String productName, NicRole role, PciFunctionIds pf,
                       PciFunctionIds vf, int maxVfs, DriverFamily driverFamily, SwitchdevControl switchdev,
                       List<VendorStep> vendorSteps, List<String> offloadLimits, List<String> cniNotes,
                       MinimumVersions minimum, String seed) {

    public NicModel {
        if (!required(name, "name", "lower-case words joined by '-', such as mellanox-connectx5")
                .matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new CatalogFieldException("name", "'" + name + "' must be lower-case words joined by '-',"
                    + " such as mellanox-connectx5");
        }
        required(pf, "pf", "the PF's {vendor, devices, driver}");
        required(vf, "vf", "the VFs' {vendor, devices, driver}");
        required(driverFamily, "driverFamily", "mlx5, ice, nfp, vendor-sdk or generic");
        required(switchdev, "switchdev", "devlink, firmware or vendor");
        if (maxVfs < 0) {
            throw new CatalogFieldException("maxVfs", maxVfs + " is negative; expected sriov_totalvfs (0 or more)");
        }
        role = role == null ? NicRole.NIC : role;
        vendorSteps = vendorSteps == null ? List.of() : List.copyOf(vendorSteps);
        offloadLimits = offloadLimits == null ? List.of() : List.copyOf(offloadLimits);
        cniNotes = cniNotes == null ? List.of() : List.copyOf(cniNotes);
        minimum = minimum == null ? new MinimumVersions(null, null, null) : minimum;
    }
}
