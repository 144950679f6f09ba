package io.hwoffload.host.linux;

import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.sysfs.SysfsTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a failed sysfs write into a message that says what was attempted, why the kernel refused (the errno the
 * PCI core or driver returned, see drivers/pci/iov.c sriov_numvfs_store and drivers/base/bus.c bind/unbind) and
 * what fixes it.
 */
final class SysfsWriteFailures {
    private final Path sysfsRoot;
    private final SysfsTree sysfs;

    SysfsWriteFailures(Path sysfsRoot) {
        this.sysfsRoot = sysfsRoot;
        this.sysfs = new SysfsTree(sysfsRoot);
    }

    HostException numVfs(PciAddress pf, int numVfs, Path file, IOException e) {
        String attempted = attempted(String.valueOf(numVfs), file);
        if (e instanceof NoSuchFileException) {
            return Files.isDirectory(device(pf))
                    ? failure(attempted, pf + " has no SR-IOV capability (no sriov_numvfs)",
                            "check that " + pf + " is a PF and that SR-IOV is enabled in the BIOS and the NIC firmware", e)
                    : noDevice(attempted, pf, e);
        }
        Optional<KernelErrno> errno = KernelErrno.of(e);
        if (errno.isEmpty()) {
            return unexplained(attempted, e);
        }
        switch (errno.get()) {
            case EBUSY:
                return failure(attempted, pf + " already has " + attribute(pf, "sriov_numvfs").orElse("some")
                                + " VFs, and the kernel does not change a non-zero VF count to another (EBUSY)",
                        "write 0 first, then " + numVfs, e);
            case ERANGE:
                return failure(attempted, numVfs + " is more VFs than " + pf + " offers (sriov_totalvfs is "
                                + attribute(pf, "sriov_totalvfs").orElse("lower") + ", ERANGE)",
                        "ask for at most sriov_totalvfs VFs, or raise the VF limit in the NIC firmware", e);
            case ENOENT:
                return failure(attempted, "no driver is bound to " + pf
                                + ", or its driver cannot configure SR-IOV through sysfs (ENOENT)",
                        "load and bind the PF's driver (see the NIC catalog entry), then retry", e);
            case ENODEV:
                return failure(attempted, pf + " went away (ENODEV)", "check lspci and dmesg for a reset or hot-unplug", e);
            default:
                return errno.get().isPermission() ? notPermitted(attempted, errno.get(), e)
                        : failure(attempted, "the driver refused " + numVfs + " VFs (" + errno.get() + ")",
                                "see dmesg for the driver's reason", e);
        }
    }

    HostException bind(PciAddress device, String driver, Path file, IOException e) {
        String attempted = attempted(device.toString(), file);
        if (e instanceof NoSuchFileException) {
            return driverNotLoaded(attempted, driver, e);
        }
        Optional<KernelErrno> errno = KernelErrno.of(e);
        if (errno.isEmpty()) {
            return unexplained(attempted, e);
        }
        switch (errno.get()) {
            case EBUSY:
                return failure(attempted, device + " is already bound to a driver (EBUSY)",
                        "unbind it from the driver " + device(device).resolve("driver") + " points to, then bind again", e);
            case ENODEV:
                return failure(attempted, "there is no PCI device " + device + ", or " + driver
                                + " does not handle its vendor and device id (ENODEV)",
                        "check the address and the ids with lspci -nn -s " + device, e);
            default:
                return errno.get().isPermission() ? notPermitted(attempted, errno.get(), e)
                        : failure(attempted, driver + " failed to probe " + device + " (" + errno.get() + ")",
                                "see dmesg for the driver's reason", e);
        }
    }

    HostException unbind(PciAddress device, String driver, Path file, IOException e) {
        String attempted = attempted(device.toString(), file);
        if (e instanceof NoSuchFileException) {
            return driverNotLoaded(attempted, driver, e);
        }
        Optional<KernelErrno> errno = KernelErrno.of(e);
        if (errno.isEmpty()) {
            return unexplained(attempted, e);
        }
        if (errno.get() == KernelErrno.ENODEV) {
            return failure(attempted, device + " is not bound to " + driver + " (ENODEV)",
                    "check which driver holds it: " + device(device).resolve("driver"), e);
        }
        return errno.get().isPermission() ? notPermitted(attempted, errno.get(), e) : unexplained(attempted, e);
    }

    private HostException noDevice(String attempted, PciAddress pf, IOException cause) {
        return failure(attempted, "there is no PCI device " + pf + " under " + sysfsRoot.resolve("bus/pci/devices"),
                "check the PF address with lspci -D", cause);
    }

    private HostException driverNotLoaded(String attempted, String driver, IOException cause) {
        return failure(attempted, "the driver " + driver + " is not loaded (no "
                        + sysfsRoot.resolve("bus/pci/drivers").resolve(driver) + ")",
                "load its kernel module (modprobe), then retry", cause);
    }

    private static HostException notPermitted(String attempted, KernelErrno errno, IOException cause) {
        return failure(attempted, "not permitted (" + errno + ")",
                "run as root with CAP_SYS_ADMIN and a writable /sys (in Kubernetes: a privileged container)", cause);
    }

    private static HostException unexplained(String attempted, IOException e) {
        return new HostException(attempted + " failed: " + e.getMessage() + ". Fix: see dmesg for the kernel's reason", e);
    }

    private static HostException failure(String attempted, String why, String fix, IOException cause) {
        return new HostException(attempted + " failed: " + why + ". Fix: " + fix, cause);
    }

    private static String attempted(String value, Path file) {
        return "writing " + value + " to " + file;
    }

    private Path device(PciAddress address) {
        return sysfs.resolve("bus/pci/devices", address.toString());
    }

    /** A sysfs attribute of the device for the message, if it can be read. */
    private Optional<String> attribute(PciAddress pf, String name) {
        return sysfs.attribute("bus/pci/devices", pf.toString(), name);
    }
}
