package io.hwoffload.host.linux;

import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.HostException;
import io.hwoffload.host.exec.CommandRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LinuxHost's sysfs writes against a temporary directory laid out like /sys: never the real devices. */
class LinuxHostSysfsTest {
    private static final PciAddress PF = PciAddress.parse("0000:03:00.0");
    private static final PciAddress VF = PciAddress.parse("0000:03:00.2");

    @TempDir
    Path sysfs;
    private LinuxHost host;

    @BeforeEach
    void sysfsWithAPfAndTheMlx5Driver() throws IOException {
        Path pf = Files.createDirectories(sysfs.resolve("bus/pci/devices").resolve(PF.toString()));
        Files.writeString(pf.resolve("sriov_totalvfs"), "8\n");
        Files.writeString(pf.resolve("sriov_numvfs"), "0\n");
        Path driver = Files.createDirectories(sysfs.resolve("bus/pci/drivers/mlx5_core"));
        Files.writeString(driver.resolve("bind"), "");
        Files.writeString(driver.resolve("unbind"), "");
        host = new LinuxHost(sysfs, CommandRunner.withTimeout(Duration.ofSeconds(10)));
    }

    @Test
    void sysfsRootIsTheOneGiven() {
        assertThat(host.sysfsRoot()).isEqualTo(sysfs);
        assertThat(LinuxHost.system().sysfsRoot()).isEqualTo(Path.of("/sys"));
    }

    @Test
    void writeNumVfsWritesTheCountAsEchoWould() throws IOException {
        host.writeNumVfs(PF, 4);

        assertThat(Files.readString(sysfs.resolve("bus/pci/devices/0000:03:00.0/sriov_numvfs"))).isEqualTo("4\n");

        host.writeNumVfs(PF, 0);

        assertThat(Files.readString(sysfs.resolve("bus/pci/devices/0000:03:00.0/sriov_numvfs"))).isEqualTo("0\n");
    }

    @Test
    void bindAndUnbindWriteTheAddressToTheDriver() throws IOException {
        host.unbind(VF, "mlx5_core");
        assertThat(Files.readString(sysfs.resolve("bus/pci/drivers/mlx5_core/unbind"))).isEqualTo("0000:03:00.2\n");

        host.bind(VF, "mlx5_core");
        assertThat(Files.readString(sysfs.resolve("bus/pci/drivers/mlx5_core/bind"))).isEqualTo("0000:03:00.2\n");
    }

    @Test
    void aMissingDeviceIsNamedAndNothingIsCreated() {
        PciAddress absent = PciAddress.parse("0000:81:00.0");

        assertThatThrownBy(() -> host.writeNumVfs(absent, 2)).isInstanceOf(HostException.class)
                .hasMessageContaining("there is no PCI device 0000:81:00.0");
        assertThat(sysfs.resolve("bus/pci/devices/0000:81:00.0")).doesNotExist();
    }

    @Test
    void aDriverThatIsNotLoadedIsNamedAndNothingIsCreated() {
        assertThatThrownBy(() -> host.bind(VF, "nfp_netvf")).isInstanceOf(HostException.class)
                .hasMessageContaining("the driver nfp_netvf is not loaded");
        assertThat(sysfs.resolve("bus/pci/drivers/nfp_netvf")).doesNotExist();
    }

    @Test
    void namesThatCouldLeaveTheSysfsTreeAreRefused() {
        assertThatThrownBy(() -> host.bind(VF, "../../../../tmp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> host.unbind(VF, "mlx5_core/../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> host.writeNumVfs(PF, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
