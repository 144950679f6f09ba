package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.catalog.SwitchdevControl;

/**
 * One catalog model as nicsim emulates it: the catalog's ids, drivers and SR-IOV size (or the layout's
 * stand-in drivers where the catalog names none) together with the model's layout.
 */
final class EmulatedNic {
    private final NicModel model;
    private final NicsimLayout layout;
    private final int maxHostVfs;

    private EmulatedNic(NicModel model, NicsimLayout layout, int maxHostVfs) {
        this.model = model;
        this.layout = layout;
        this.maxHostVfs = maxHostVfs;
    }

    /** The model of that name; an IllegalArgumentException lists the models nicsim can build. */
    static EmulatedNic of(String name, NicCatalog catalog, NicsimLayouts layouts) {
        NicsimLayout layout = layouts.layout(name).orElse(null);
        NicModel model = catalog.model(name).orElse(null);
        if (layout == null || model == null) {
            throw new IllegalArgumentException("nicsim has no model '" + name + "'; it builds "
                    + String.join(", ", layouts.models().stream().filter(m -> catalog.model(m).isPresent()).toList()));
        }
        int maxHostVfs = layout.hostSide()
                .map(side -> catalog.model(side.model()).orElseThrow(() -> new IllegalStateException(
                        name + ": host-side model " + side.model() + " is not in the catalog")).maxVfs())
                .orElse(0);
        return new EmulatedNic(model, layout, maxHostVfs);
    }

    NicModel model() {
        return model;
    }

    NicsimLayout layout() {
        return layout;
    }

    String pfDriver() {
        return model.pf().driver() != null ? model.pf().driver() : standIns().pf();
    }

    String vfDriver() {
        return model.vf().driver() != null ? model.vf().driver() : standIns().vf();
    }

    private NicsimLayout.StandInDrivers standIns() {
        if (layout.standInDrivers() == null) {
            throw new IllegalStateException(model.name() + ": the catalog names no driver and the layout no stand-in");
        }
        return layout.standInDrivers();
    }

    int totalVfs() {
        return model.maxVfs();
    }

    /** Whether {@code devlink dev eswitch set} can change the mode (else the firmware or a vendor stack owns it). */
    boolean devlinkSetsMode() {
        return model.switchdev() == SwitchdevControl.DEVLINK || layout.eswitchModeSet();
    }

    /** How many host VFs a DPU side can represent: the host model's sriov_totalvfs; 0 for other models. */
    int maxHostVfs() {
        return maxHostVfs;
    }
}
