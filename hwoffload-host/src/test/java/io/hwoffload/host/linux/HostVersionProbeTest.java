package io.hwoffload.host.linux;

import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.exec.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HostVersionProbeTest {

    @Test
    void readsIproute2FromIpV() {
        assertThat(HostVersionProbe.iproute2(Fixtures.read("ip-V.txt"))).hasValue("6.1.0");
        assertThat(HostVersionProbe.iproute2("ip utility, iproute2-5.10.0\n")).hasValue("5.10.0");
    }

    @Test
    void aSnapshotBuildKeepsItsTagWhichIsNoComparableVersion() {
        assertThat(HostVersionProbe.iproute2("ip utility, iproute2-ss200127\n")).hasValue("ss200127");
        assertThat(Version.find("ss200127")).isEmpty();
    }

    @Test
    void readsEthtoolVersion() {
        assertThat(HostVersionProbe.ethtool(Fixtures.read("ethtool-version.txt"))).hasValue("6.1");
        assertThat(HostVersionProbe.ethtool("something else")).isEmpty();
    }

    @Test
    void probesThisHost(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "6.1.0-18-amd64\n");

        HostVersions versions = new HostVersionProbe(proc, CommandRunner.withTimeout(Duration.ofSeconds(10))).probe();

        assertThat(versions.kernel()).isEqualTo("6.1.0-18-amd64");
        assertThat(Version.find(versions.iproute2())).as("iproute2 %s", versions.iproute2()).isPresent();
        assertThat(Version.find(versions.ethtool())).as("ethtool %s", versions.ethtool()).isPresent();
        assertThat(versions.ovs()).isNull();
    }

    @Test
    void aMissingProcFileIsNull(@TempDir Path proc) {
        assertThat(new HostVersionProbe(proc, CommandRunner.withTimeout(Duration.ofSeconds(10))).probe().kernel()).isNull();
    }

    @Test
    void theSystemProbeReadsTheRealKernelRelease() throws Exception {
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();

        assertThat(HostVersionProbe.system().probe().kernel()).isEqualTo(release);
    }
}
