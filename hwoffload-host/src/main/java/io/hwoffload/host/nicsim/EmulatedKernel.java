package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.SwitchdevControl;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimLayout.Firmware;
import io.hwoffload.host.nicsim.NicsimLayout.HostSideLayout;
import io.hwoffload.host.nicsim.NicsimLayout.LegacyDevlinkPort;
import io.hwoffload.host.nicsim.NicsimLayout.PhysicalFunctionLayout;
import io.hwoffload.host.nicsim.NicsimLayout.Switchdev;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kernel's reactions, applied to a nicsim tree: what writing {@code sriov_numvfs}, {@code bind} and
 * {@code unbind}, devlink, ethtool and {@code ip link} do to PCI functions and netdevs, failing with the
 * kernel's errors. Facts sysfs shows live in the tree's files; the rest in {@link NicsimState}.
 * Netdevs are derived: after each change, a device's netdevs are made to match what the kernel would show.
 */
final class EmulatedKernel {
    private static final String ETHERNET_CLASS = "0x020000";

    private final EmulatedNic nic;
    private final PciTree pci;
    private final NetTree net;
    private final NicsimState state;

    private final Path root;

    EmulatedKernel(EmulatedNic nic, Path root, NicsimState state) {
        this.nic = nic;
        this.root = root;
        this.pci = new PciTree(root);
        this.net = new NetTree(pci);
        this.state = state;
    }

    // ---- boot -----------------------------------------------------------------------------------

    /** Boot: the PFs appear on their bus, their drivers load and probe them. */
    void plugIn() {
        for (PhysicalFunctionLayout pf : nic.layout().physicalFunctions()) {
            pci.addDriver(nic.pfDriver());
            if (hasSriov(pf)) {
                pci.addDriver(nic.vfDriver());
            }
            pci.addFunction(pci.devicesDir().resolve(pf.parent()), pf.address(), physicalFunctionAttributes(pf),
                    pf.iommuGroup());
            pci.bind(pf.address(), nic.pfDriver());
            probePhysicalFunction(pf);
        }
    }

    /**
     * The PF driver's probe: it loads the firmware the per-device link names, else the shipped one (nfp_main.c
     * nfp_net_fw_find), sets sriov_totalvfs to the firmware's limit, and starts the eSwitch in the mode that
     * firmware boots it in: none (devlink EOPNOTSUPP) for an application without eSwitch ops.
     */
    private void probePhysicalFunction(PhysicalFunctionLayout pf) {
        EswitchMode mode = nic.layout().initialEswitchMode();
        Firmware firmware = nic.layout().firmware();
        if (firmware != null) {
            String loaded = linkedFirmware(pf.address()).orElse(firmware.shipped());
            state.setFirmware(pf.address(), loaded);
            if (!loaded.equals(firmware.offload())) {
                mode = EswitchMode.UNSUPPORTED;
            }
        }
        if (pf.unboundTotalVfs() != null) {
            pci.writeAttribute(pf.address(), "sriov_totalvfs", Integer.toString(nic.totalVfs()));
        }
        state.setEswitchMode(pf.address(), mode);
        probe(pf.address());
    }

    private boolean hasSriov(PhysicalFunctionLayout pf) {
        return pf.sriov() != null && nic.totalVfs() > 0;
    }

    private Map<String, String> physicalFunctionAttributes(PhysicalFunctionLayout pf) {
        String device = nic.model().pf().devices().get(0);
        String subsystem = nic.layout().pfSubsystemDevice() != null ? nic.layout().pfSubsystemDevice() : device;
        Map<String, String> attributes = identity(device, subsystem);
        if (hasSriov(pf)) {
            attributes.put("sriov_totalvfs", Integer.toString(pf.unboundTotalVfs() != null ? pf.unboundTotalVfs() : nic.totalVfs()));
            attributes.put("sriov_numvfs", "0");
            attributes.put("sriov_offset", Integer.toString(pf.sriov().offset()));
            attributes.put("sriov_stride", Integer.toString(pf.sriov().stride()));
            attributes.put("sriov_vf_device", nic.model().vf().devices().get(0));
        }
        return attributes;
    }

    private Map<String, String> virtualFunctionAttributes() {
        String device = nic.model().vf().devices().get(0);
        String subsystem = nic.layout().vfSubsystemDevice() != null ? nic.layout().vfSubsystemDevice() : device;
        return identity(device, subsystem);
    }

    /** The identity files every PCI function has, in sysfs's 0x form. */
    private Map<String, String> identity(String device, String subsystemDevice) {
        String vendor = "0x" + nic.model().pf().vendor();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("vendor", vendor);
        attributes.put("device", "0x" + device);
        attributes.put("class", ETHERNET_CLASS);
        attributes.put("subsystem_vendor", vendor);
        attributes.put("subsystem_device", "0x" + subsystemDevice);
        attributes.put("numa_node", Integer.toString(nic.layout().numaNode()));
        return attributes;
    }

    // ---- SR-IOV ---------------------------------------------------------------------------------

    /** {@code echo N > sriov_numvfs}. */
    void writeNumVfs(PciAddress pf, int numVfs) {
        String attempt = "writing " + numVfs + " to " + pci.busDevice(pf).resolve("sriov_numvfs");
        if (!pci.hasFunction(pf)) {
            throw refused(attempt, "No such file or directory (ENOENT)", "there is no PCI device " + pf);
        }
        if (!pci.hasAttribute(pf, "sriov_numvfs")) {
            throw refused(attempt, "No such file or directory (ENOENT)", pf + " has no SR-IOV capability");
        }
        if (numVfs < 0 || numVfs > 0xffff) {
            throw refused(attempt, "Invalid argument (EINVAL)", numVfs + " is not a VF count");
        }
        // In drivers/pci/iov.c sriov_numvfs_store's order: the range first, then the same count, then the driver.
        int total = Integer.parseInt(pci.attribute(pf, "sriov_totalvfs"));
        if (numVfs > total) {
            throw refused(attempt, "Numerical result out of range (ERANGE)", pf + " has sriov_totalvfs " + total);
        }
        int current = Integer.parseInt(pci.attribute(pf, "sriov_numvfs"));
        if (numVfs == current) {
            return;
        }
        if (pci.driver(pf).isEmpty()) {
            throw refused(attempt, "No such file or directory (ENOENT)", "no driver is bound to " + pf
                    + ", so SR-IOV cannot be configured");
        }
        if (current != 0 && numVfs != 0) {
            throw refused(attempt, "Device or resource busy (EBUSY)", current + " VFs are enabled; write 0 first,"
                    + " then " + numVfs);
        }
        if (numVfs == 0) {
            disableVirtualFunctions(pf);
        } else {
            enableVirtualFunctions(physicalFunction(pf), numVfs, attempt);
        }
        probe(pf);
    }

    private void enableVirtualFunctions(PhysicalFunctionLayout pf, int numVfs, String attempt) {
        List<PciAddress> addresses = new ArrayList<>();
        for (int index = 0; index < numVfs; index++) {
            PciAddress vf;
            try {
                vf = pf.address().virtualFunction(pf.sriov().offset(), pf.sriov().stride(), index);
            } catch (IllegalArgumentException e) {
                throw refused(attempt, "Cannot allocate memory (ENOMEM)", e.getMessage());
            }
            if (pci.hasFunction(vf)) {
                throw refused(attempt, "File exists (EEXIST)", "VF " + index + " of " + pf.address() + " would be "
                        + vf + ", which is another function");
            }
            addresses.add(vf);
        }
        Path parent = pci.deviceDir(pf.address()).getParent();
        int groupFloor = nic.layout().physicalFunctions().stream().mapToInt(PhysicalFunctionLayout::iommuGroup).max().orElse(0);
        for (int index = 0; index < numVfs; index++) {
            PciAddress vf = addresses.get(index);
            pci.addFunction(parent, vf, virtualFunctionAttributes(), pci.lowestFreeIommuGroup(groupFloor));
            pci.linkVirtualFunction(pf.address(), index, vf);
            // sriov_drivers_autoprobe is on: the VF driver binds each new VF at once.
            pci.bind(vf, nic.vfDriver());
            probe(vf);
        }
        pci.writeAttribute(pf.address(), "sriov_numvfs", Integer.toString(numVfs));
    }

    private void disableVirtualFunctions(PciAddress pf) {
        Map<Integer, PciAddress> vfs = pci.virtualFunctions(pf);
        for (Map.Entry<Integer, PciAddress> vf : vfs.entrySet()) {
            pci.driver(vf.getValue()).ifPresent(driver -> pci.unbind(vf.getValue(), driver));
            probe(vf.getValue());
            pci.unlinkVirtualFunction(pf, vf.getKey());
            pci.removeFunction(vf.getValue());
        }
        pci.writeAttribute(pf, "sriov_numvfs", "0");
    }

    // ---- drivers --------------------------------------------------------------------------------

    /** {@code echo <device> > bus/pci/drivers/<driver>/bind}. */
    void bind(PciAddress device, String driver) {
        String attempt = "writing " + device + " to " + pci.driverDir(driver).resolve("bind");
        if (!pci.hasDriver(driver)) {
            throw refused(attempt, "No such file or directory (ENOENT)", "no driver " + driver + " is loaded");
        }
        if (!pci.hasFunction(device)) {
            throw refused(attempt, "No such device (ENODEV)", "there is no PCI device " + device);
        }
        Optional<String> bound = pci.driver(device);
        if (bound.isPresent()) {
            throw refused(attempt, "Device or resource busy (EBUSY)", device + " is already bound to " + bound.get());
        }
        String handles = nic.layout().physicalFunction(device).isPresent() ? nic.pfDriver() : nic.vfDriver();
        if (!handles.equals(driver)) {
            throw refused(attempt, "No such device (ENODEV)", driver + " does not handle " + device
                    + " (its driver is " + handles + ")");
        }
        pci.bind(device, driver);
        Optional<PhysicalFunctionLayout> pf = nic.layout().physicalFunction(device);
        if (pf.isPresent()) {
            probePhysicalFunction(pf.get());
        } else {
            probe(device);
        }
    }

    /** {@code echo <device> > bus/pci/drivers/<driver>/unbind}; a PF's driver disables its VFs on the way out. */
    void unbind(PciAddress device, String driver) {
        String attempt = "writing " + device + " to " + pci.driverDir(driver).resolve("unbind");
        if (!pci.hasDriver(driver)) {
            throw refused(attempt, "No such file or directory (ENOENT)", "no driver " + driver + " is loaded");
        }
        Optional<String> bound = pci.hasFunction(device) ? pci.driver(device) : Optional.empty();
        if (!bound.equals(Optional.of(driver))) {
            throw refused(attempt, "No such device (ENODEV)", device + " is not bound to " + driver
                    + bound.map(d -> " (it is bound to " + d + ")").orElse(" (it has no driver)"));
        }
        if (pci.hasAttribute(device, "sriov_numvfs") && !pci.virtualFunctions(device).isEmpty()) {
            disableVirtualFunctions(device);
        }
        pci.unbind(device, driver);
        // nfp's remove gives back the PCI capability's TotalVFs (pci_sriov_set_totalvfs(pdev, 0)).
        nic.layout().physicalFunction(device).map(PhysicalFunctionLayout::unboundTotalVfs)
                .ifPresent(total -> pci.writeAttribute(device, "sriov_totalvfs", Integer.toString(total)));
        probe(device);
    }

    /**
     * {@code rmmod <driver>; modprobe <driver>}: every PF it drives is removed (its VFs with it) and probed again,
     * loading the firmware its link names now.
     */
    void reloadDriver(String driver) {
        String attempt = "rmmod " + driver + " && modprobe " + driver;
        if (!nic.pfDriver().equals(driver)) {
            throw refused(attempt, "Module " + driver + " is not in use here", "the " + nic.model().name()
                    + " PFs' driver is " + nic.pfDriver());
        }
        for (PhysicalFunctionLayout pf : nic.layout().physicalFunctions()) {
            if (pci.driver(pf.address()).filter(driver::equals).isPresent()) {
                unbind(pf.address(), driver);
            }
        }
        for (PhysicalFunctionLayout pf : nic.layout().physicalFunctions()) {
            bind(pf.address(), driver);
        }
    }

    // ---- firmware -------------------------------------------------------------------------------

    /**
     * {@code ln -sf <application>/<image> /lib/firmware/<deviceLink>}, as seed 001's agilio-tc-fw-select.sh does:
     * the driver loads it when it next probes the PF. The emulated /lib/firmware is the tree's
     * {@code .nicsim/lib/firmware}.
     */
    void linkFirmware(PciAddress pf, String application) {
        Firmware firmware = nic.layout().firmware();
        String attempt = "linking the " + application + " firmware for " + pf;
        if (firmware == null) {
            throw refused(attempt, "No such file or directory (ENOENT)", "the " + nic.model().name()
                    + " driver loads no per-device firmware image");
        }
        physicalFunction(pf);
        if (!firmware.has(application)) {
            throw refused(attempt, "No such file or directory (ENOENT)", "the " + nic.model().name() + " firmware has the"
                    + " applications " + firmware.shipped() + " and " + firmware.offload() + ", not " + application);
        }
        Path link = firmwareDirectory().resolve(firmware.deviceLink(pf));
        SysfsFiles.link(link, link.resolveSibling(application).resolve(firmware.image()));
    }

    /** The application the PF's per-device firmware link names, if there is one. */
    Optional<String> linkedFirmware(PciAddress pf) {
        Path link = firmwareDirectory().resolve(nic.layout().firmware().deviceLink(pf));
        if (!SysfsFiles.isLink(link)) {
            return Optional.empty();
        }
        Path application = SysfsFiles.resolveLink(link).getParent();
        return Optional.of(application.getFileName().toString()).filter(nic.layout().firmware()::has);
    }

    /** The firmware application running on the PF; empty for a NIC with one firmware. */
    Optional<String> runningFirmware(PciAddress pf) {
        return state.firmware(pf);
    }

    private Path firmwareDirectory() {
        return NicsimStateFile.directory(root).resolve("lib/firmware");
    }

    // ---- devlink --------------------------------------------------------------------------------

    /** {@code devlink dev eswitch show pci/<pf>}. */
    EswitchMode eswitchMode(PciAddress pf) {
        if (nic.layout().physicalFunction(pf).isPresent() && pci.hasFunction(pf) && pci.driver(pf).isEmpty()) {
            // No driver, no devlink instance: devlink answers ENODEV, which a host reads as no eSwitch to show
            // (LinuxHost, DevlinkEswitchShow).
            return EswitchMode.UNSUPPORTED;
        }
        return devlinkMode(pf, "devlink dev eswitch show pci/" + pf);
    }

    private EswitchMode devlinkMode(PciAddress device, String attempt) {
        if (!pci.hasFunction(device)) {
            throw refused(attempt, "No such device (ENODEV)", "there is no devlink device pci/" + device);
        }
        if (nic.layout().physicalFunction(device).isEmpty()) {
            return EswitchMode.UNSUPPORTED;   // a VF manages no eSwitch
        }
        if (pci.driver(device).isEmpty()) {
            throw refused(attempt, "No such device (ENODEV)", "no driver is bound to " + device + ", so it has no devlink instance");
        }
        return state.eswitchMode(device);
    }

    /** {@code devlink dev eswitch set pci/<pf> mode legacy|switchdev}. */
    void setEswitchMode(PciAddress pf, EswitchMode mode) {
        String attempt = "devlink dev eswitch set pci/" + pf + " mode " + mode;
        if (mode != EswitchMode.LEGACY && mode != EswitchMode.SWITCHDEV) {
            throw refused(attempt, "Invalid argument (EINVAL)", "devlink sets legacy or switchdev");
        }
        EswitchMode current = devlinkMode(pf, attempt);
        Optional<PhysicalFunctionLayout> layout = nic.layout().physicalFunction(pf);
        if (current == EswitchMode.UNSUPPORTED && layout.isPresent() && runsShippedFirmware(layout.get())) {
            Firmware firmware = nic.layout().firmware();
            throw refused(attempt, "Operation not supported (EOPNOTSUPP)", "the " + firmware.shipped() + " firmware "
                    + pf + " runs has no eSwitch operations; the " + firmware.offload() + " firmware runs the eSwitch");
        }
        if (current == EswitchMode.UNSUPPORTED) {
            throw refused(attempt, "Operation not supported (EOPNOTSUPP)", pf + " manages no eSwitch ("
                    + nic.model().name() + (nic.layout().physicalFunction(pf).isPresent() ? "" : " VF") + ")");
        }
        // devlink answers EOPNOTSUPP to a driver without eswitch_mode_set whatever the mode asked, the current one
        // too (net/devlink/dev.c devlink_nl_eswitch_set_doit; nfp flower has no eswitch_mode_set).
        if (!nic.devlinkSetsMode()) {
            throw refused(attempt, "Operation not supported (EOPNOTSUPP)", nic.model().switchdev() == SwitchdevControl.FIRMWARE
                    ? "the " + nic.model().name() + " firmware runs its eSwitch in " + current + " mode"
                    : "the vendor's stack, not devlink, drives the " + nic.model().name() + " eSwitch");
        }
        if (current == mode) {
            return;
        }
        state.setEswitchMode(pf, mode);
        probe(pf);
    }

    // ---- ethtool and ip -------------------------------------------------------------------------

    /** {@code ethtool -k <netdev>}: one feature. */
    Optional<Boolean> feature(String netdev, String feature) {
        requireNetdev(netdev, "ethtool -k " + netdev);
        return state.feature(netdev, feature);
    }

    /** {@code ethtool -K <netdev> <feature> on|off}. */
    void setFeature(String netdev, String feature, boolean on) {
        String attempt = "ethtool -K " + netdev + " " + feature + (on ? " on" : " off");
        requireNetdev(netdev, attempt);
        if (state.isFixed(netdev, feature) && !state.feature(netdev, feature).equals(Optional.of(on))) {
            throw refused(attempt, "Could not change any device features", feature + " is [fixed] on " + netdev
                    + ": its driver does not offer it");
        }
        state.setFeature(netdev, feature, on);
    }

    /** {@code ip link set <netdev> up}. */
    void setLinkUp(String netdev) {
        requireNetdev(netdev, "ip link set " + netdev + " up");
        net.setUp(netdev);
    }

    /** Whether the tree shows a netdev up; false for one it does not have. */
    boolean isUp(String netdev) {
        return net.exists(netdev) && net.attribute(netdev, "operstate").filter("up"::equals).isPresent();
    }

    private void requireNetdev(String netdev, String attempt) {
        if (!net.exists(netdev)) {
            throw refused(attempt, "No such device (ENODEV)", "there is no netdev " + netdev);
        }
    }

    // ---- netdevs --------------------------------------------------------------------------------

    /** Makes a device's netdevs what the kernel would show now: adds, removes, updates switch attributes. */
    private void probe(PciAddress device) {
        List<NetdevSpec> expected = expectedNetdevs(device);
        Set<String> names = expected.stream().map(NetdevSpec::name).collect(Collectors.toSet());
        List<String> present = new ArrayList<>(net.netdevsOf(device));
        nic.layout().physicalFunction(device).map(PhysicalFunctionLayout::switchdev)
                .filter(Switchdev::virtualRepresentors).ifPresent(s -> present.addAll(net.virtualNetdevsOf(s.switchId())));
        for (String name : present) {
            if (!names.contains(name)) {
                net.remove(name);
                state.netdevRemoved(name);
            }
        }
        for (NetdevSpec spec : expected) {
            if (net.exists(spec.name())) {
                net.updateSwitchAttributes(spec);
            } else {
                net.add(device, spec, state.netdevAdded(spec.name(), nic.layout().hwTcOffload().of(spec.role())));
            }
        }
    }

    private List<NetdevSpec> expectedNetdevs(PciAddress device) {
        if (pci.driver(device).isEmpty()) {
            return List.of();
        }
        Optional<PhysicalFunctionLayout> pf = nic.layout().physicalFunction(device);
        if (pf.isPresent()) {
            return physicalFunctionNetdevs(pf.get());
        }
        PhysicalFunctionLayout parent = physicalFunction(pci.physicalFunction(device).orElseThrow(
                () -> new IllegalStateException(device + " is neither a PF of the layout nor a VF")));
        String name = parent.vfNetdev().format(virtualFunctionIndex(parent.address(), device));
        return List.of(new NetdevSpec(name, mac(name), null, null, false, NetdevRole.VIRTUAL_FUNCTION));
    }

    /** The PF netdev; in switchdev mode also the uplink (when separate) and every representor. */
    private List<NetdevSpec> physicalFunctionNetdevs(PhysicalFunctionLayout pf) {
        List<NetdevSpec> netdevs = new ArrayList<>();
        String name = physicalFunctionNetdev(pf);
        String mac = pf.mac() != null ? pf.mac() : mac(name);
        if (runsShippedFirmware(pf)) {
            // The shipped application's vNIC is the physical port's own netdev, with the port's devlink identity
            // (nfp_devlink_port_register): phys_port_name p<label>, phys_switch_id the card's serial.
            netdevs.add(new NetdevSpec(name, mac, pf.switchdev().uplinkPortName(), pf.switchdev().switchId(), false,
                    NetdevRole.PHYSICAL_FUNCTION));
            return netdevs;
        }
        Switchdev switchdev = isSwitchdev(pf) ? pf.switchdev() : null;
        boolean pfIsUplink = switchdev != null && switchdev.uplinkRepresentor() == null;
        netdevs.add(pfIsUplink
                ? new NetdevSpec(name, mac, switchdev.uplinkPortName(), switchdev.switchId(), false, NetdevRole.PHYSICAL_FUNCTION)
                : new NetdevSpec(name, mac, legacyPortName(pf), legacySwitchId(pf), false, NetdevRole.PHYSICAL_FUNCTION));
        if (switchdev == null) {
            return netdevs;
        }
        if (switchdev.uplinkRepresentor() != null) {
            // The physical port's representor has the PF as its parent (udev names it, ens47np0), even where the
            // driver's other representors are virtual.
            netdevs.add(new NetdevSpec(switchdev.uplinkRepresentor(), mac(switchdev.uplinkRepresentor()),
                    switchdev.uplinkPortName(), switchdev.switchId(), false, NetdevRole.REPRESENTOR));
        }
        if (switchdev.pfRepresentor() != null) {
            netdevs.add(representor(switchdev.pfRepresentor(), switchdev.pfPortName(), switchdev));
        }
        if (switchdev.vfRepresentor() != null) {
            for (int index : pci.virtualFunctions(pf.address()).keySet()) {
                netdevs.add(representor(switchdev.vfRepresentor().format(index), switchdev.vfPortName().format(index), switchdev));
            }
        }
        HostSideLayout host = pf.hostSide();
        if (host != null) {
            netdevs.add(representor(host.pfRepresentor(), host.pfPortName(), switchdev));
            for (int index = 0; index < state.hostVfs(); index++) {
                netdevs.add(representor(host.vfRepresentor().format(index), host.vfPortName().format(index), switchdev));
            }
        }
        return netdevs;
    }

    /**
     * Whether the PF shows representors: in devlink's switchdev mode, or always when a vendor stack drives the
     * eSwitch (devlink knows nothing of it, but the representors carry switchdev attributes, which is how a CNI
     * finds them).
     */
    private boolean isSwitchdev(PhysicalFunctionLayout pf) {
        return pf.switchdev() != null && (state.eswitchMode(pf.address()) == EswitchMode.SWITCHDEV
                || nic.model().switchdev() == SwitchdevControl.VENDOR);
    }

    private NetdevSpec representor(String name, String portName, Switchdev switchdev) {
        return new NetdevSpec(name, mac(name), portName, switchdev.switchId(), switchdev.virtualRepresentors(),
                NetdevRole.REPRESENTOR);
    }

    /** Whether the PF runs the firmware its card ships with, where the firmware decides the eSwitch. */
    private boolean runsShippedFirmware(PhysicalFunctionLayout pf) {
        Firmware firmware = nic.layout().firmware();
        return firmware != null && state.firmware(pf.address()).orElse(firmware.shipped()).equals(firmware.shipped());
    }

    /** The PF's netdev name now: it depends on the firmware it runs and, through its devlink port, on the kernel. */
    String physicalFunctionNetdev(PhysicalFunctionLayout pf) {
        if (runsShippedFirmware(pf)) {
            return pf.shippedNetdev();
        }
        LegacyDevlinkPort port = nic.layout().legacyDevlinkPort();
        return port != null && state.kernel().compareTo(port.since()) < 0 ? pf.olderKernelNetdev() : pf.netdev();
    }

    /** phys_port_name of the PF netdev when it is not the uplink: its devlink port's, on kernels that register one. */
    private String legacyPortName(PhysicalFunctionLayout pf) {
        LegacyDevlinkPort port = nic.layout().legacyDevlinkPort();
        return port == null || state.kernel().compareTo(port.since()) >= 0 ? pf.portName() : null;
    }

    /** phys_switch_id of the PF netdev when it is not the uplink: the eSwitch manager's devlink port has it (mlx5 5.13+). */
    private String legacySwitchId(PhysicalFunctionLayout pf) {
        LegacyDevlinkPort port = nic.layout().legacyDevlinkPort();
        return port != null && pf.switchdev() != null && state.kernel().compareTo(port.switchIdSince()) >= 0
                ? pf.switchdev().switchId() : null;
    }

    private String mac(String netdev) {
        return NetdevMacs.derive(state.nodeId(), netdev);
    }

    // ---- real netdevs ---------------------------------------------------------------------------

    /**
     * The veth pairs the tree implies now: one per representor whose peer exists (a local VF's netdev while
     * the VF is bound; on a DPU's Arm side, the host's PF and VFs, always there).
     */
    List<VethPair> vethPairs(NicsimNamespaces namespaces) {
        List<VethPair> pairs = new ArrayList<>();
        List<PhysicalFunctionLayout> pfs = nic.layout().physicalFunctions();
        for (int ordinal = 0; ordinal < pfs.size(); ordinal++) {
            PhysicalFunctionLayout pf = pfs.get(ordinal);
            if (pci.driver(pf.address()).isEmpty() || !isSwitchdev(pf)) {
                continue;
            }
            Switchdev switchdev = pf.switchdev();
            if (switchdev.vfRepresentor() != null) {
                for (Map.Entry<Integer, PciAddress> vf : pci.virtualFunctions(pf.address()).entrySet()) {
                    if (pci.driver(vf.getValue()).isPresent()) {
                        pairs.add(pair(switchdev.vfRepresentor().format(vf.getKey()), pf.vfNetdev().format(vf.getKey()),
                                namespaces.virtualFunction(ordinal, vf.getKey())));
                    }
                }
            }
            HostSideLayout host = pf.hostSide();
            if (host != null) {
                pairs.add(pair(host.pfRepresentor(), host.pfNetdev(), namespaces.hostPhysicalFunction()));
                for (int index = 0; index < state.hostVfs(); index++) {
                    pairs.add(pair(host.vfRepresentor().format(index), host.vfNetdev().format(index),
                            namespaces.virtualFunction(ordinal, index)));
                }
            }
        }
        return pairs;
    }

    private VethPair pair(String representor, String peer, String peerNamespace) {
        return new VethPair(representor, mac(representor), peer, mac(peer), peerNamespace);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private PhysicalFunctionLayout physicalFunction(PciAddress pf) {
        return nic.layout().physicalFunction(pf)
                .orElseThrow(() -> new IllegalStateException(pf + " is not a PF of " + nic.model().name()));
    }

    private int virtualFunctionIndex(PciAddress pf, PciAddress vf) {
        return pci.virtualFunctions(pf).entrySet().stream().filter(e -> e.getValue().equals(vf))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException(vf + " has no virtfn link in " + pf));
    }

    private static HostException refused(String attempt, String error, String reason) {
        return new HostException(attempt + " failed: " + error + ": " + reason);
    }
}
