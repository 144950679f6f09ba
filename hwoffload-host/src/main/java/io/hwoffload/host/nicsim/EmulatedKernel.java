package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.SwitchdevControl;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimLayout.HostSideLayout;
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

    EmulatedKernel(EmulatedNic nic, Path root, NicsimState state) {
        this.nic = nic;
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
            state.setEswitchMode(pf.address(), nic.layout().initialEswitchMode());
            pci.bind(pf.address(), nic.pfDriver());
            probe(pf.address());
        }
    }

    private boolean hasSriov(PhysicalFunctionLayout pf) {
        return pf.sriov() != null && nic.totalVfs() > 0;
    }

    private Map<String, String> physicalFunctionAttributes(PhysicalFunctionLayout pf) {
        Map<String, String> attributes = identity(nic.model().pf().devices().get(0), nic.model().pf().devices().get(0));
        if (hasSriov(pf)) {
            attributes.put("sriov_totalvfs", Integer.toString(nic.totalVfs()));
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
        // A PF's probe starts its eSwitch in the mode the firmware boots it in.
        nic.layout().physicalFunction(device).ifPresent(pf -> state.setEswitchMode(device, nic.layout().initialEswitchMode()));
        probe(device);
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
        probe(device);
    }

    // ---- devlink --------------------------------------------------------------------------------

    /** {@code devlink dev eswitch show pci/<pf>}. */
    EswitchMode eswitchMode(PciAddress pf) {
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
        requireNetdev(netdev, "ethtool -K " + netdev + " " + feature + (on ? " on" : " off"));
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
                net.add(device, spec, state.netdevAdded(spec.name()));
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
        return List.of(plain(parent.vfNetdev().format(virtualFunctionIndex(parent.address(), device))));
    }

    /** The PF netdev; in switchdev mode also the uplink (when separate) and every representor. */
    private List<NetdevSpec> physicalFunctionNetdevs(PhysicalFunctionLayout pf) {
        Switchdev switchdev = isSwitchdev(pf) ? pf.switchdev() : null;
        boolean pfIsUplink = switchdev != null && switchdev.uplinkRepresentor() == null;
        List<NetdevSpec> netdevs = new ArrayList<>();
        netdevs.add(new NetdevSpec(pf.netdev(), pf.mac() != null ? pf.mac() : mac(pf.netdev()),
                pfIsUplink ? switchdev.uplinkPortName() : pf.portName(), pfIsUplink ? switchdev.switchId() : null, false));
        if (switchdev == null) {
            return netdevs;
        }
        if (switchdev.uplinkRepresentor() != null) {
            // The physical port's representor has the PF as its parent (udev names it, ens47np0), even where the
            // driver's other representors are virtual.
            netdevs.add(new NetdevSpec(switchdev.uplinkRepresentor(), mac(switchdev.uplinkRepresentor()),
                    switchdev.uplinkPortName(), switchdev.switchId(), false));
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
        return new NetdevSpec(name, mac(name), portName, switchdev.switchId(), switchdev.virtualRepresentors());
    }

    private NetdevSpec plain(String name) {
        return new NetdevSpec(name, mac(name), null, null, false);
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
