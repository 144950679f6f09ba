package io.hwoffload.host.nicsim;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostNames;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one catalog model's functions sit in a nicsim tree (one entry of {@code layouts.yaml}, which
 * documents every field). Ids, drivers and sizes are the catalog's; this is what slot, firmware and udev decide.
 */
public record NicsimLayout(String model, int numaNode, EswitchMode initialEswitchMode, StandInDrivers standInDrivers,
                           String vfSubsystemDevice, Boolean eswitchModeSet, List<PhysicalFunctionLayout> physicalFunctions) {

    public NicsimLayout {
        eswitchModeSet = Boolean.TRUE.equals(eswitchModeSet);
        if (initialEswitchMode != EswitchMode.LEGACY && initialEswitchMode != EswitchMode.SWITCHDEV
                && initialEswitchMode != EswitchMode.UNSUPPORTED) {
            throw new IllegalArgumentException(model + ": initialEswitchMode must be legacy, switchdev or unsupported");
        }
        if (physicalFunctions == null || physicalFunctions.isEmpty()) {
            throw new IllegalArgumentException(model + ": at least one physical function is needed");
        }
        physicalFunctions = List.copyOf(physicalFunctions);
    }

    public Optional<PhysicalFunctionLayout> physicalFunction(PciAddress address) {
        return physicalFunctions.stream().filter(pf -> pf.address().equals(address)).findFirst();
    }

    /** The DPU side's view of the host, if this layout is a DPU's Arm side. */
    public Optional<HostSideLayout> hostSide() {
        return physicalFunctions.stream().map(PhysicalFunctionLayout::hostSide).filter(Objects::nonNull).findFirst();
    }

    /** Driver names for a model whose catalog entry names none. */
    public record StandInDrivers(String pf, String vf) {
        public StandInDrivers {
            HostNames.requireDriver(pf);
            HostNames.requireDriver(vf);
        }
    }

    public record PhysicalFunctionLayout(PciAddress address, String parent, String netdev, String mac, String portName,
                                         int iommuGroup, Sriov sriov, NamePattern vfNetdev, Switchdev switchdev,
                                         HostSideLayout hostSide) {
        public PhysicalFunctionLayout {
            HostNames.requireInterface(netdev);
            if (parent == null || !parent.matches("pci[0-9a-f]{4}:[0-9a-f]{2}(/[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7])*")) {
                throw new IllegalArgumentException(address + ": parent '" + parent
                        + "' must be a root bus and bridges, such as pci0000:00/0000:00:03.0");
            }
            if (sriov != null && vfNetdev == null) {
                throw new IllegalArgumentException(address + ": a PF with SR-IOV needs vfNetdev");
            }
            if (hostSide != null && switchdev == null) {
                throw new IllegalArgumentException(address + ": host-side representors need a switchdev eSwitch");
            }
        }
    }

    /** SR-IOV routing: VF n is at PF routing id + offset + n * stride. */
    public record Sriov(int offset, int stride) {
        public Sriov {
            if (offset < 1 || stride < 1) {
                throw new IllegalArgumentException("SR-IOV offset and stride must be 1 or more");
            }
        }
    }

    /**
     * What the eSwitch shows in switchdev mode: the uplink, the VF representors, and, where the driver spawns one on
     * the host (nfp's flower app), a representor of the PF itself ({@code pfRepresentor}, {@code pfPortName}).
     * {@code virtualRepresentors}: the driver registers representors without a parent device (no SET_NETDEV_DEV),
     * so they live under {@code /sys/devices/virtual/net} and udev cannot name them: they keep the kernel's ethN.
     */
    public record Switchdev(String switchId, String uplinkPortName, String uplinkRepresentor,
                            NamePattern vfRepresentor, NamePattern vfPortName, String pfRepresentor, String pfPortName,
                            Boolean virtualRepresentors) {
        public Switchdev {
            virtualRepresentors = Boolean.TRUE.equals(virtualRepresentors);
            if (pfRepresentor != null) {
                HostNames.requireInterface(pfRepresentor);
            }
            if ((pfRepresentor == null) != (pfPortName == null)) {
                throw new IllegalArgumentException("pfRepresentor and pfPortName go together");
            }
            if (switchId == null || !switchId.matches("[0-9a-f]{2,32}")) {
                throw new IllegalArgumentException("switchId '" + switchId + "' must be hex digits as phys_switch_id shows them");
            }
            if (uplinkRepresentor != null) {
                HostNames.requireInterface(uplinkRepresentor);
            }
            if ((vfRepresentor == null) != (vfPortName == null)) {
                throw new IllegalArgumentException("vfRepresentor and vfPortName go together");
            }
        }
    }

    /** A DPU's Arm side: representors of the x86 host's PF and VFs, and the names the host gives them. */
    public record HostSideLayout(String model, int defaultVfs, String pfRepresentor, String pfPortName, String pfNetdev,
                                 NamePattern vfRepresentor, NamePattern vfPortName, NamePattern vfNetdev) {
        public HostSideLayout {
            HostNames.requireInterface(pfRepresentor);
            HostNames.requireInterface(pfNetdev);
            if (defaultVfs < 0 || vfRepresentor == null || vfPortName == null || vfNetdev == null) {
                throw new IllegalArgumentException("hostSide needs defaultVfs >= 0, vfRepresentor, vfPortName and vfNetdev");
            }
        }
    }
}
