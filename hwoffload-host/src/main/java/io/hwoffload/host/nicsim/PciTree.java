package io.hwoffload.host.nicsim;

import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.FileTrees;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PCI part of the kernel's sysfs layout under a root: function directories under {@code devices/},
 * {@code bus/pci/devices} links, {@code bus/pci/drivers/<drv>} with {@code bind}/{@code unbind} and links to
 * bound devices, {@code kernel/iommu_groups}, and SR-IOV's {@code virtfnN}/{@code physfn} links.
 * It knows where things go, not when: {@link EmulatedKernel} decides that.
 */
final class PciTree {
    private final Path root;

    PciTree(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path devicesDir() {
        return root.resolve("devices");
    }

    Path busDevice(PciAddress address) {
        return root.resolve("bus/pci/devices").resolve(address.toString());
    }

    Path driverDir(String driver) {
        return root.resolve("bus/pci/drivers").resolve(driver);
    }

    private Path iommuGroupDir(int group) {
        return root.resolve("kernel/iommu_groups").resolve(Integer.toString(group));
    }

    boolean hasFunction(PciAddress address) {
        return SysfsFiles.isLink(busDevice(address));
    }

    boolean hasDriver(String driver) {
        return SysfsFiles.exists(driverDir(driver));
    }

    /** The function's real directory under devices/. */
    Path deviceDir(PciAddress address) {
        return SysfsFiles.resolveLink(busDevice(address));
    }

    /** A loaded driver: its directory with the bind and unbind files. */
    void addDriver(String driver) {
        SysfsFiles.createDirectories(driverDir(driver));
        for (String file : new String[] {"bind", "unbind"}) {
            Path path = driverDir(driver).resolve(file);
            if (!SysfsFiles.exists(path)) {
                SysfsFiles.writeAttribute(path, "");
            }
        }
    }

    /** A new function in {@code parentDir} with its attribute files, bus link and IOMMU group. */
    void addFunction(Path parentDir, PciAddress address, Map<String, String> attributes, int iommuGroup) {
        Path dir = parentDir.resolve(address.toString());
        SysfsFiles.createDirectories(dir);
        attributes.forEach((name, value) -> SysfsFiles.writeAttribute(dir.resolve(name), value));
        SysfsFiles.link(busDevice(address), dir);
        Path group = iommuGroupDir(iommuGroup);
        SysfsFiles.link(group.resolve("devices").resolve(address.toString()), dir);
        SysfsFiles.link(dir.resolve("iommu_group"), group);
    }

    /** Removes an unbound function: its group membership (and the group once empty), bus link and directory. */
    void removeFunction(PciAddress address) {
        Path dir = deviceDir(address);
        Path group = SysfsFiles.resolveLink(dir.resolve("iommu_group"));
        FileTrees.delete(group.resolve("devices").resolve(address.toString()));
        SysfsFiles.deleteIfEmpty(group.resolve("devices"));
        SysfsFiles.deleteIfEmpty(group);
        FileTrees.delete(busDevice(address));
        FileTrees.delete(dir);
    }

    /** The lowest group number above {@code floor} that no group uses, as the kernel's IDA hands them out. */
    int lowestFreeIommuGroup(int floor) {
        int group = floor + 1;
        while (SysfsFiles.exists(iommuGroupDir(group))) {
            group++;
        }
        return group;
    }

    Optional<String> driver(PciAddress address) {
        Path link = deviceDir(address).resolve("driver");
        return SysfsFiles.isLink(link)
                ? Optional.of(SysfsFiles.resolveLink(link).getFileName().toString())
                : Optional.empty();
    }

    void bind(PciAddress address, String driver) {
        Path dir = deviceDir(address);
        SysfsFiles.link(dir.resolve("driver"), driverDir(driver));
        SysfsFiles.link(driverDir(driver).resolve(address.toString()), dir);
    }

    void unbind(PciAddress address, String driver) {
        FileTrees.delete(deviceDir(address).resolve("driver"));
        FileTrees.delete(driverDir(driver).resolve(address.toString()));
    }

    boolean hasAttribute(PciAddress address, String name) {
        return SysfsFiles.exists(deviceDir(address).resolve(name));
    }

    String attribute(PciAddress address, String name) {
        return SysfsFiles.readAttribute(deviceDir(address).resolve(name));
    }

    void writeAttribute(PciAddress address, String name, String value) {
        SysfsFiles.writeAttribute(deviceDir(address).resolve(name), value);
    }

    /** {@code <pf>/virtfn<index> -> ../<vf>} and {@code <vf>/physfn -> ../<pf>}. */
    void linkVirtualFunction(PciAddress pf, int index, PciAddress vf) {
        SysfsFiles.link(deviceDir(pf).resolve("virtfn" + index), deviceDir(vf));
        SysfsFiles.link(deviceDir(vf).resolve("physfn"), deviceDir(pf));
    }

    void unlinkVirtualFunction(PciAddress pf, int index) {
        FileTrees.delete(deviceDir(pf).resolve("virtfn" + index));
    }

    /** The PF of a VF, from its {@code physfn} link. */
    Optional<PciAddress> physicalFunction(PciAddress vf) {
        Path link = deviceDir(vf).resolve("physfn");
        return SysfsFiles.isLink(link)
                ? Optional.of(PciAddress.parse(SysfsFiles.resolveLink(link).getFileName().toString()))
                : Optional.empty();
    }

    /** A PF's VFs by index, from its {@code virtfnN} links. */
    Map<Integer, PciAddress> virtualFunctions(PciAddress pf) {
        Map<Integer, PciAddress> vfs = new TreeMap<>();
        Path dir = deviceDir(pf);
        for (String name : SysfsFiles.list(dir)) {
            if (name.matches("virtfn[0-9]+")) {
                Path target = SysfsFiles.resolveLink(dir.resolve(name));
                vfs.put(Integer.parseInt(name.substring("virtfn".length())), PciAddress.parse(target.getFileName().toString()));
            }
        }
        return vfs;
    }
}
