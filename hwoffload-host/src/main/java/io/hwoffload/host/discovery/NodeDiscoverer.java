package io.hwoffload.host.discovery;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.catalog.NicModel;
import io.hwoffload.core.catalog.NicRole;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.Finding;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.LinkState;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.PhysPortName;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.inventory.Representor;
import io.hwoffload.core.inventory.SriovCapability;
import io.hwoffload.core.inventory.VirtualFunction;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.pci.PciId;
import io.hwoffload.host.HostNames;
import io.hwoffload.host.NetlinkQueries;
import io.hwoffload.host.sysfs.SysfsTree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a node's Ethernet PFs, their VFs and the switchdev ports of their eSwitch from a sysfs root, and
 * what sysfs does not show from netlink. The same code reads the real {@code /sys}, a copied fixture and a
 * nicsim tree. Anything odd in the tree (garbage, dangling links) becomes a {@link Finding}, not an exception.
 */
public final class NodeDiscoverer {
    /** BlueField's name for its host PF's representor (NVIDIA BlueField DPU docs, "Kernel Representors Model"). */
    private static final Pattern HOST_PF_REPRESENTOR = Pattern.compile("pf[0-9]+hpf");
    /** PCI class 0x02 (network controller), subclass 0x00 (Ethernet). */
    private static final String ETHERNET_CLASS = "0x0200";
    private static final Pattern VIRTFN = Pattern.compile("virtfn(\\d+)");

    private final NicCatalog catalog;
    private final DeviceNames deviceNames;

    public NodeDiscoverer(NicCatalog catalog, DeviceNames deviceNames) {
        this.catalog = catalog;
        this.deviceNames = deviceNames;
    }

    public NodeInventory discover(SysfsTree sysfs, NetlinkQueries netlink, HostVersions versions) {
        return new Scan(sysfs, netlink).run(versions);
    }

    /** One discovery pass: the tree, what it found so far, and the findings. */
    private final class Scan {
        private final SysfsTree sysfs;
        private final NetlinkQueries netlink;
        private final List<Finding> findings = new ArrayList<>();
        private final Map<String, SysfsNetdev> netdevs = new LinkedHashMap<>();

        Scan(SysfsTree sysfs, NetlinkQueries netlink) {
            this.sysfs = sysfs;
            this.netlink = netlink;
        }

        NodeInventory run(HostVersions versions) {
            readNetdevs();
            List<PhysicalFunction> nics = new ArrayList<>();
            for (String entry : sysfs.list("bus/pci/devices")) {
                String where = "bus/pci/devices/" + entry;
                if (!PciAddress.isValid(entry)) {
                    findings.add(Finding.warning(where, "not a PCI address (expected 0000:03:00.0); ignored"));
                } else if (sysfs.isDanglingLink(where)) {
                    findings.add(Finding.warning(where, "link to a device directory that does not exist; ignored"));
                } else if (isEthernet(where) && !sysfs.isLink(where, "physfn")) {
                    readPhysicalFunction(PciAddress.parse(entry), where).ifPresent(nics::add);
                }
            }
            return new NodeInventory(sysfs.root().toString(), versions, nics, findings);
        }

        private boolean isEthernet(String device) {
            return sysfs.attribute(device, "class").map(c -> c.startsWith(ETHERNET_CLASS)).orElse(false);
        }

        private void readNetdevs() {
            for (String name : sysfs.list("class/net")) {
                String where = "class/net/" + name;
                if (!HostNames.isInterface(name)) {
                    findings.add(Finding.warning(where, "not a network interface name; ignored"));
                } else if (sysfs.isDanglingLink(where)) {
                    findings.add(Finding.warning(where, "link to a netdev directory that does not exist; ignored"));
                } else {
                    netdevs.put(name, readNetdev(name, where));
                }
            }
        }

        private SysfsNetdev readNetdev(String name, String where) {
            LinkState link = new LinkState(sysfs.attribute(where, "operstate").orElse(null),
                    LinkState.adminUp(sysfs.attribute(where, "flags").orElse(null)), integer(where, "mtu").orElse(null), sysfs.attribute(where, "address").orElse(null));
            // Both files exist on every netdev (net-sysfs.c); where the driver has no such port, reading fails.
            return SysfsNetdev.of(name, sysfs.attribute(where, "phys_port_name").filter(v -> !v.isEmpty()).orElse(null),
                    sysfs.attribute(where, "phys_switch_id").filter(v -> !v.isEmpty()).orElse(null), link);
        }

        private Optional<PhysicalFunction> readPhysicalFunction(PciAddress address, String device) {
            Optional<String> vendorId = pciId(device, "vendor");
            Optional<String> deviceId = pciId(device, "device");
            if (vendorId.isEmpty() || deviceId.isEmpty()) {
                return Optional.empty();
            }
            List<SysfsNetdev> own = functionNetdevs(device);
            // The PF's own netdev: one that is no eSwitch port (nfp flower's vNIC, a PF in legacy mode), else the uplink.
            // Other ports under the PF (a sub-function's pf0sf1, names no parser knows) are never it.
            SysfsNetdev netdev = own.stream().filter(n -> n.physSwitchId() == null)
                    .min(Comparator.comparing((SysfsNetdev n) -> n.physPortName() != null))
                    .or(() -> own.stream().filter(SysfsNetdev::isUplink).findFirst()).orElse(null);
            SysfsNetdev uplink = own.stream().filter(SysfsNetdev::isUplink).findFirst().orElse(null);
            String switchId = uplink != null ? uplink.physSwitchId() : null;
            Integer uplinkPort = uplink == null ? null : uplink.port().map(PhysPortName::pfIndex).orElse(null);
            List<Representor> representors = switchId == null ? List.of() : representorsOf(switchId, uplinkPort);
            // Only a DPU's eSwitch has ports of another host: an external controller's (c1pf0, c1pf0vf2), or, on kernels
            // before controller numbers, BlueField's host-PF representor pf0hpf (its phys_port_name then a bare pf0).
            // A host PF's own representor, nfp flower's pf0 (eth0), is no sign of a DPU.
            boolean controllerNumbers = representors.stream().anyMatch(Representor::external);
            boolean dpuSide = controllerNumbers || representors.stream().anyMatch(r -> r.flavour() == Representor.Flavour.PF
                    && HOST_PF_REPRESENTOR.matcher(r.netdev()).matches());
            // Without controller numbers, a DPU's VF ports are taken as the host's, as sriovnet's fallback does; with
            // them, pf0vfN is a VF of the Arm PF itself and c1pf0vfN the host's.
            List<Representor> ports = dpuSide && !controllerNumbers
                    ? representors.stream().map(NodeDiscoverer::externalOnDpu).toList() : representors;
            Optional<NicModel> model = catalog.forPhysicalFunction(vendorId.get(), deviceId.get(),
                    dpuSide ? NicRole.DPU : NicRole.DPU_HOST);
            SysfsNetdev offloadPort = uplink != null ? uplink : netdev;

            return Optional.of(new PhysicalFunction(address, vendorId.get(), deviceId.get(),
                    model.map(NicModel::name).orElse(null),
                    deviceNames.vendorName(vendorId.get()).orElse(model.map(NicModel::vendorName).orElse(null)),
                    deviceNames.deviceName(vendorId.get(), deviceId.get()).orElse(model.map(NicModel::productName).orElse(null)),
                    driver(device), netdev == null ? null : netdev.name(),
                    integer(device, "numa_node").filter(n -> n >= 0).orElse(null),
                    sysfs.linkName(device, "iommu_group").flatMap(NodeDiscoverer::parseInt).orElse(null),
                    netdev == null ? null : netdev.link(), sriov(device),
                    eswitchMode(address),
                    offloadPort == null ? null : netlink.feature(offloadPort.name(), NetlinkQueries.HW_TC_OFFLOAD).orElse(null),
                    uplink == null ? null : uplink.name(), switchId,
                    virtualFunctions(device, ports), ports));
        }

        private EswitchMode eswitchMode(PciAddress address) {
            try {
                return netlink.eswitchMode(address);
            } catch (RuntimeException e) {
                findings.add(Finding.warning(address.toString(), "eSwitch mode not readable: " + e.getMessage()));
                return EswitchMode.UNKNOWN;
            }
        }

        /** Netdevs of a PCI function: {@code <dev>/net/*}, or {@code <dev>/virtioN/net/*} for virtio-net. */
        private List<SysfsNetdev> functionNetdevs(String device) {
            List<String> names = new ArrayList<>(sysfs.list(device, "net"));
            if (names.isEmpty()) {
                sysfs.list(device).stream().filter(e -> e.startsWith("virtio") && SysfsTree.isSegment(e))
                        .forEach(e -> names.addAll(sysfs.list(device, e, "net")));
            }
            return names.stream().map(netdevs::get).filter(Objects::nonNull).toList();
        }

        /**
         * The eSwitch's ports other than uplinks: every netdev with this phys_switch_id (as sriovnet looks) whose PF
         * number is the uplink's. mlx5 gives both ports of a card one switch id (the system image GUID), so port 1's
         * pf1vfN are no ports of PF 0.
         */
        private List<Representor> representorsOf(String switchId, Integer uplinkPort) {
            List<Representor> ports = new ArrayList<>();
            for (SysfsNetdev n : netdevs.values()) {
                if (switchId.equals(n.physSwitchId()) && n.isRepresentor()) {
                    PhysPortName port = n.port().orElseThrow();
                    if (port.pfIndex() != null && uplinkPort != null && !port.pfIndex().equals(uplinkPort)) {
                        continue;
                    }
                    ports.add(new Representor(n.name(), port.flavour(), port.pfIndex(), port.vfIndex(),
                            port.external(), n.physPortName(), switchId));
                }
            }
            return ports;
        }

        private List<VirtualFunction> virtualFunctions(String device, List<Representor> representors) {
            List<VirtualFunction> vfs = new ArrayList<>();
            for (String entry : sysfs.list(device)) {
                Matcher m = VIRTFN.matcher(entry);
                if (!m.matches()) {
                    continue;
                }
                int index = Integer.parseInt(m.group(1));
                Optional<PciAddress> address = sysfs.linkName(device, entry).filter(PciAddress::isValid)
                        .map(PciAddress::parse);
                if (address.isEmpty() || sysfs.isDanglingLink(device, entry)) {
                    findings.add(Finding.warning(device + "/" + entry,
                            "VF link does not lead to a PCI device; the VF is not listed"));
                    continue;
                }
                String vf = device + "/" + entry;
                String netdev = sysfs.list(vf, "net").stream().filter(netdevs::containsKey).findFirst().orElse(null);
                String representor = representors.stream()
                        .filter(r -> r.flavour() == Representor.Flavour.VF && !r.external()
                                && Objects.equals(r.vfIndex(), index))
                        .map(Representor::netdev).findFirst().orElse(null);
                vfs.add(new VirtualFunction(index, address.get(), pciId(vf, "device").orElse(null), driver(vf),
                        netdev, representor));
            }
            vfs.sort(Comparator.comparingInt(VirtualFunction::index));
            return vfs;
        }

        private SriovCapability sriov(String device) {
            if (sysfs.attribute(device, "sriov_totalvfs").isEmpty()) {
                return null;
            }
            return new SriovCapability(integer(device, "sriov_totalvfs").orElse(0),
                    integer(device, "sriov_numvfs").orElse(0), integer(device, "sriov_offset").orElse(0),
                    integer(device, "sriov_stride").orElse(0),
                    sysfs.attribute(device, "sriov_vf_device").filter(PciId::isValid).map(PciId::normalize)
                            .orElse(null));
        }

        private String driver(String device) {
            if (sysfs.isDanglingLink(device, "driver")) {
                findings.add(Finding.warning(device + "/driver", "the driver link points to a driver that is gone"
                        + " (module unloaded mid-read?); treated as unbound"));
                return null;
            }
            return sysfs.linkName(device, "driver").orElse(null);
        }

        private Optional<String> pciId(String device, String attribute) {
            Optional<String> text = sysfs.attribute(device, attribute);
            if (text.isPresent() && PciId.isValid(text.get())) {
                return text.map(PciId::normalize);
            }
            findings.add(Finding.warning(device + "/" + attribute, text.map(t -> "'" + t + "' is not a PCI id")
                    .orElse("missing") + "; the device is not listed"));
            return Optional.empty();
        }

        private Optional<Integer> integer(String where, String attribute) {
            Optional<String> text = sysfs.attribute(where, attribute);
            Optional<Integer> value = text.flatMap(NodeDiscoverer::parseInt);
            if (text.isPresent() && value.isEmpty()) {
                findings.add(Finding.warning(where + "/" + attribute, "'" + text.get() + "' is not a number; ignored"));
            }
            return value;
        }
    }

    /** On a DPU's Arm side without controller numbers, every VF port is taken as a host VF's (sriovnet's fallback). */
    private static Representor externalOnDpu(Representor r) {
        return r.flavour() == Representor.Flavour.PHYSICAL || r.external() ? r
                : new Representor(r.netdev(), r.flavour(), r.pfIndex(), r.vfIndex(), true, r.physPortName(),
                r.physSwitchId());
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
