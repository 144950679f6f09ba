package io.hwoffload.host.linux;

import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kernel's errno reaches Java as the C library's message: from a write() as IOException("Device or resource
 * busy"), from open() as a FileSystemException subclass. Real sysfs cannot be made to fail on demand, so these
 * feed the same exceptions the JDK throws.
 */
class SysfsWriteFailuresTest {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");
    private static final PciAddress VF = PciAddress.parse("0000:03:00.2");

    @TempDir
    Path sysfs;
    private SysfsWriteFailures failures;
    private Path numVfsFile;

    @BeforeEach
    void pfWithFourOfEightVfs() throws IOException {
        Path device = Files.createDirectories(sysfs.resolve("bus/pci/devices/0000:03:00.0"));
        Files.writeString(device.resolve("sriov_totalvfs"), "8\n");
        numVfsFile = Files.writeString(device.resolve("sriov_numvfs"), "4\n");
        failures = new SysfsWriteFailures(sysfs);
    }

    @Test
    void recognisesTheErrnoInEitherForm() {
        assertThat(KernelErrno.of(new IOException("Device or resource busy"))).hasValue(KernelErrno.EBUSY);
        assertThat(KernelErrno.of(new FileSystemException("/sys/x", null, "Numerical result out of range")))
                .hasValue(KernelErrno.ERANGE);
        assertThat(KernelErrno.of(new AccessDeniedException("/sys/x"))).hasValue(KernelErrno.EACCES);
        assertThat(KernelErrno.of(new IOException("No such device or address"))).isEmpty();
    }

    @Test
    void busyNumVfsSaysWriteZeroFirst() {
        HostException e = failures.numVfs(PF, 6, numVfsFile, new IOException("Device or resource busy"));

        assertThat(e).hasMessage("writing 6 to " + numVfsFile + " failed: 0000:03:00.0 already has 4 VFs, and the"
                + " kernel does not change a non-zero VF count to another (EBUSY). Fix: write 0 first, then 6");
        assertThat(e).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void tooManyVfsNamesTheLimit() {
        HostException e = failures.numVfs(PF, 16, numVfsFile, new IOException("Numerical result out of range"));

        assertThat(e).hasMessageContaining("16 is more VFs than 0000:03:00.0 offers (sriov_totalvfs is 8, ERANGE)")
                .hasMessageContaining("Fix: ask for at most sriov_totalvfs VFs");
    }

    @Test
    void noDriverOnThePf() {
        HostException e = failures.numVfs(PF, 2, numVfsFile, new IOException("No such file or directory"));

        assertThat(e).hasMessageContaining("no driver is bound to 0000:03:00.0")
                .hasMessageContaining("Fix: load and bind the PF's driver");
    }

    @Test
    void aMissingDeviceAndAMissingSriovAttributeAreToldApart() throws IOException {
        Path missing = sysfs.resolve("bus/pci/devices/0000:04:00.0/sriov_numvfs");
        HostException noDevice = failures.numVfs(PciAddress.parse("0000:04:00.0"), 2, missing,
                new NoSuchFileException(missing.toString()));
        Files.delete(numVfsFile);
        HostException noSriov = failures.numVfs(PF, 2, numVfsFile, new NoSuchFileException(numVfsFile.toString()));

        assertThat(noDevice).hasMessageContaining("there is no PCI device 0000:04:00.0 under " + sysfs.resolve("bus/pci/devices"));
        assertThat(noSriov).hasMessageContaining("0000:03:00.0 has no SR-IOV capability (no sriov_numvfs)");
    }

    @Test
    void permissionProblemsSayHowToRun() {
        HostException e = failures.numVfs(PF, 2, numVfsFile, new AccessDeniedException(numVfsFile.toString()));
        HostException readOnly = failures.bind(VF, "mlx5_core", sysfs.resolve("bus/pci/drivers/mlx5_core/bind"),
                new IOException("Read-only file system"));

        assertThat(e).hasMessageContaining("not permitted (EACCES)").hasMessageContaining("run as root with CAP_SYS_ADMIN");
        assertThat(readOnly).hasMessageContaining("not permitted (EROFS)").hasMessageContaining("privileged container");
    }

    @Test
    void bindingABoundDeviceSaysUnbindFirst() {
        Path bind = sysfs.resolve("bus/pci/drivers/mlx5_core/bind");

        HostException e = failures.bind(VF, "mlx5_core", bind, new IOException("Device or resource busy"));

        assertThat(e).hasMessageStartingWith("writing 0000:03:00.2 to " + bind + " failed: 0000:03:00.2 is already"
                + " bound to a driver (EBUSY). Fix: unbind it");
    }

    @Test
    void bindingToAWrongDriverOrAMissingDevice() {
        HostException e = failures.bind(VF, "iavf", sysfs.resolve("bus/pci/drivers/iavf/bind"),
                new IOException("No such device"));

        assertThat(e).hasMessageContaining("there is no PCI device 0000:03:00.2, or iavf does not handle its vendor"
                + " and device id (ENODEV)").hasMessageContaining("lspci -nn -s 0000:03:00.2");
    }

    @Test
    void unbindingFromTheWrongDriver() {
        HostException e = failures.unbind(VF, "mlx5_core", sysfs.resolve("bus/pci/drivers/mlx5_core/unbind"),
                new IOException("No such device"));

        assertThat(e).hasMessageContaining("0000:03:00.2 is not bound to mlx5_core (ENODEV)");
    }

    @Test
    void aDriverThatIsNotLoaded() {
        Path unbind = sysfs.resolve("bus/pci/drivers/nfp_netvf/unbind");

        HostException e = failures.unbind(VF, "nfp_netvf", unbind, new NoSuchFileException(unbind.toString()));

        assertThat(e).hasMessageContaining("the driver nfp_netvf is not loaded")
                .hasMessageContaining("Fix: load its kernel module (modprobe)");
    }

    @Test
    void anUnknownErrorKeepsTheKernelsWords() {
        HostException e = failures.numVfs(PF, 2, numVfsFile, new IOException("Input/output error"));

        assertThat(e).hasMessageContaining("failed: Input/output error. Fix: see dmesg");
    }
}
