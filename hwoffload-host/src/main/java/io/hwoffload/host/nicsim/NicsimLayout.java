package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.HostNames;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one catalog model's functions sit in a nicsim tree (one entry of {@code layouts.yaml}, which
 * documents every field). Ids, drivers and sizes are the catalog's; this is what slot, firmware and udev decide.
 */
public record NicsimLayout(String model, int numaNode, EswitchMode initialEswitchMode, StandInDrivers standInDrivers,
                           String pfSubsystemDevice, String vfSubsystemDevice, Boolean eswitchModeSet,
                           HwTcOffload hwTcOffload, LegacyDevlinkPort legacyDevlinkPort, Firmware firmware,
                           NicsimBoot seedBoot, List<PhysicalFunctionLayout> physicalFunctions) {

    public NicsimLayout {
        eswitchModeSet = Boolean.TRUE.equals(eswitchModeSet);
        if (seedBoot == null) {
            seedBoot = NicsimBoot.DEFAULTS;
        }
        if (seedBoot.hostVfs() != null) {
            throw new IllegalArgumentException(model + ": seedBoot gives firmware and kernel; host VFs are the host side's defaultVfs");
        }
        if (hwTcOffload == null) {
            hwTcOffload = new HwTcOffload(FeatureDefault.DISABLED, FeatureDefault.DISABLED, FeatureDefault.DISABLED);
        }
        if (initialEswitchMode != EswitchMode.LEGACY && initialEswitchMode != EswitchMode.SWITCHDEV
                && initialEswitchMode != EswitchMode.UNSUPPORTED) {
            throw new IllegalArgumentException(model + ": initialEswitchMode must be legacy, switchdev or unsupported");
        }
        if (physicalFunctions == null || physicalFunctions.isEmpty()) {
            throw new IllegalArgumentException(model + ": at least one physical function is needed");
        }
        physicalFunctions = List.copyOf(physicalFunctions);
        for (PhysicalFunctionLayout pf : physicalFunctions) {
            if ((firmware != null) != (pf.shippedNetdev() != null)) {
                throw new IllegalArgumentException(model + ": " + pf.address() + " needs shippedNetdev exactly when the"
                        + " layout has firmware");
            }
            if ((legacyDevlinkPort != null) != (pf.olderKernelNetdev() != null && pf.portName() != null)) {
                throw new IllegalArgumentException(model + ": " + pf.address() + " needs olderKernelNetdev and portName"
                        + " exactly when the layout has legacyDevlinkPort");
            }
        }
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

    /** How a new netdev's hw-tc-offload starts, by what the netdev is. */
    public record HwTcOffload(FeatureDefault physicalFunction, FeatureDefault virtualFunction, FeatureDefault representor) {
        public HwTcOffload {
            if (physicalFunction == null || virtualFunction == null || representor == null) {
                throw new IllegalArgumentException("hwTcOffload needs physicalFunction, virtualFunction and representor");
            }
        }

        FeatureDefault of(NetdevRole role) {
            return switch (role) {
                case PHYSICAL_FUNCTION -> physicalFunction;
                case VIRTUAL_FUNCTION -> virtualFunction;
                case REPRESENTOR -> representor;
            };
        }
    }

    /**
     * The kernels from which the PF netdev has a PHYSICAL devlink port in legacy mode too (mlx5): its phys_port_name
     * from {@code since} (udev's np0), its phys_switch_id from {@code switchIdSince}.
     */
    public record LegacyDevlinkPort(Version since, Version switchIdSince) {
        public LegacyDevlinkPort {
            if (since == null || switchIdSince == null || switchIdSince.compareTo(since) < 0) {
                throw new IllegalArgumentException("legacyDevlinkPort needs since and a switchIdSince no earlier");
            }
        }

        @JsonCreator
        static LegacyDevlinkPort of(@JsonProperty("since") String since, @JsonProperty("switchIdSince") String switchIdSince) {
            return new LegacyDevlinkPort(Version.of(since), Version.of(switchIdSince));
        }
    }

    /** A feature's state when the netdev appears; {@code FIXED}: off, and the driver does not let it change. */
    public enum FeatureDefault {
        ENABLED, DISABLED, FIXED;

        @JsonCreator
        static FeatureDefault parse(String text) {
            for (FeatureDefault value : values()) {
                if (value.name().equalsIgnoreCase(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not enabled, disabled or fixed");
        }

        boolean on() {
            return this == ENABLED;
        }
    }

    /**
     * The firmware images of a NIC whose image decides its eSwitch (nfp): on probe the driver loads the image the
     * per-device link {@code deviceLink} names (relative to /lib/firmware), else the one the card ships with.
     */
    public record Firmware(String shipped, String offload, String deviceLink, String image) {
        public Firmware {
            for (String app : new String[] {shipped, offload}) {
                if (app == null || !app.matches("[a-z][a-z0-9-]{0,31}")) {
                    throw new IllegalArgumentException("firmware application '" + app + "' must be a short lower-case name");
                }
            }
            if (deviceLink == null || !deviceLink.contains("{address}") || image == null || image.contains("/")) {
                throw new IllegalArgumentException("firmware needs deviceLink with {address} and a plain image file name");
            }
        }

        /** Whether {@code app} is one of this NIC's applications. */
        boolean has(String app) {
            return shipped.equals(app) || offload.equals(app);
        }

        String deviceLink(PciAddress pf) {
            return deviceLink.replace("{address}", pf.toString());
        }
    }

    public record PhysicalFunctionLayout(PciAddress address, String parent, String netdev, String shippedNetdev,
                                         String olderKernelNetdev, String mac, String portName, Integer unboundTotalVfs,
                                         int iommuGroup, Sriov sriov, NamePattern vfNetdev, Switchdev switchdev,
                                         HostSideLayout hostSide) {
        public PhysicalFunctionLayout {
            HostNames.requireInterface(netdev);
            if (olderKernelNetdev != null) {
                HostNames.requireInterface(olderKernelNetdev);
            }
            if (shippedNetdev != null) {
                HostNames.requireInterface(shippedNetdev);
            }
            if (unboundTotalVfs != null && (sriov == null || unboundTotalVfs < 1)) {
                throw new IllegalArgumentException(address + ": unboundTotalVfs needs SR-IOV and 1 or more");
            }
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
