package io.hwoffload.host.nicsim;

import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.FileTrees;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The network part of the kernel's sysfs layout: {@code <device>/net/<ifname>/} with its attribute files
 * and {@code device} back-link (or {@code devices/virtual/net/<ifname>/} with none, for a netdev without a parent
 * device), and {@code class/net/<ifname>} pointing at it.
 */
final class NetTree {
    private static final String FLAGS_DOWN = "0x1002";   // IFF_BROADCAST | IFF_MULTICAST
    private static final String FLAGS_UP = "0x1003";     // ... | IFF_UP
    private static final String ARPHRD_ETHER = "1";
    private static final int MTU = 1500;

    private final PciTree pci;

    NetTree(PciTree pci) {
        this.pci = pci;
    }

    private Path classNet(String name) {
        return pci.root().resolve("class/net").resolve(name);
    }

    boolean exists(String name) {
        return SysfsFiles.isLink(classNet(name));
    }

    /** Every netdev in the tree. */
    List<String> all() {
        return SysfsFiles.list(pci.root().resolve("class/net"));
    }

    List<String> netdevsOf(PciAddress device) {
        return SysfsFiles.list(pci.deviceDir(device).resolve("net"));
    }

    /** The parentless netdevs of the eSwitch {@code switchId} (a driver's virtual representors). */
    List<String> virtualNetdevsOf(String switchId) {
        return SysfsFiles.list(virtualNet()).stream()
                .filter(name -> attribute(name, "phys_switch_id").filter(switchId::equals).isPresent()).toList();
    }

    private Path virtualNet() {
        return pci.root().resolve("devices/virtual/net");
    }

    /** A new netdev, down, with a fresh ifindex: under its function's directory, or a virtual one. */
    void add(PciAddress device, NetdevSpec spec, int ifindex) {
        Path deviceDir = pci.deviceDir(device);
        Path dir = spec.virtual() ? virtualNet().resolve(spec.name()) : deviceDir.resolve("net").resolve(spec.name());
        SysfsFiles.createDirectories(dir);
        SysfsFiles.writeAttribute(dir.resolve("address"), spec.mac());
        SysfsFiles.writeAttribute(dir.resolve("mtu"), Integer.toString(MTU));
        SysfsFiles.writeAttribute(dir.resolve("operstate"), "down");
        SysfsFiles.writeAttribute(dir.resolve("flags"), FLAGS_DOWN);
        SysfsFiles.writeAttribute(dir.resolve("ifindex"), Integer.toString(ifindex));
        SysfsFiles.writeAttribute(dir.resolve("type"), ARPHRD_ETHER);
        if (!spec.virtual()) {
            SysfsFiles.link(dir.resolve("device"), deviceDir);
        }
        SysfsFiles.link(classNet(spec.name()), dir);
        updateSwitchAttributes(spec);
    }

    /**
     * Sets {@code phys_port_name} and {@code phys_switch_id} as the spec says. Every netdev has both files
     * (net/core/net-sysfs.c, to 6.16); where the driver has no such port the kernel fails the read with EOPNOTSUPP,
     * which a plain file cannot do: nicsim leaves it empty, and discovery takes an empty or unreadable one alike.
     */
    void updateSwitchAttributes(NetdevSpec spec) {
        Path dir = SysfsFiles.resolveLink(classNet(spec.name()));
        SysfsFiles.writeAttribute(dir.resolve("phys_port_name"), spec.physPortName() == null ? "" : spec.physPortName());
        SysfsFiles.writeAttribute(dir.resolve("phys_switch_id"), spec.physSwitchId() == null ? "" : spec.physSwitchId());
    }

    void remove(String name) {
        Path dir = SysfsFiles.resolveLink(classNet(name));
        FileTrees.delete(classNet(name));
        FileTrees.delete(dir);
        SysfsFiles.deleteIfEmpty(dir.getParent());
    }

    Optional<String> attribute(String name, String attribute) {
        Path file = SysfsFiles.resolveLink(classNet(name)).resolve(attribute);
        return SysfsFiles.exists(file) ? Optional.of(SysfsFiles.readAttribute(file)) : Optional.empty();
    }

    void setUp(String name) {
        Path dir = SysfsFiles.resolveLink(classNet(name));
        SysfsFiles.writeAttribute(dir.resolve("operstate"), "up");
        SysfsFiles.writeAttribute(dir.resolve("flags"), FLAGS_UP);
    }
}
