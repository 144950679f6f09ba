package io.hwoffload.core.plan;

import io.hwoffload.core.catalog.DriverFamily;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;

import java.util.List;

/**
 * What one PF should be, resolved from a policy against this node: the VF count (null: leave it), the
 * eSwitch mode when devlink sets it (null: the firmware, a vendor stack or the DPU owns it), hw-tc-offload
 * (null: leave it), the link, and the driver VFs bind to. {@code firmwareSteps} are the vendor's commands
 * that bring the eSwitch to switchdev when the firmware owns it (Corigine's flower firmware).
 */
public record DesiredFunction(PciAddress pf, String netdev, String model, DriverFamily family, Integer numVfs,
                              EswitchMode eswitchMode, Boolean hwTcOffload, boolean linkUp, String vfDriver,
                              boolean addressedByPci, List<String> firmwareSteps) {

    public DesiredFunction {
        firmwareSteps = List.copyOf(firmwareSteps);
    }
}
