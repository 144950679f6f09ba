package io.hwoffload.host.pciids;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PciIdsDatabaseTest {

    @Test
    void readsVendorAndDeviceNames() throws Exception {
        PciIdsDatabase database = PciIdsDatabase.read(sample());

        assertThat(database.vendorName("15b3")).hasValue("Mellanox Technologies");
        assertThat(database.deviceName("15b3", "1017")).hasValue("MT27800 Family [ConnectX-5]");
        assertThat(database.deviceName("15b3", "101e")).hasValue("ConnectX Family mlx5Gen Virtual Function");
        assertThat(database.deviceName("8086", "159b")).hasValue("Ethernet Controller E810-XXV for SFP");
    }

    @Test
    void acceptsIdsAsSysfsPrintsThem() throws Exception {
        PciIdsDatabase database = PciIdsDatabase.read(sample());

        assertThat(database.vendorName("0x8086")).hasValue("Intel Corporation");
        assertThat(database.deviceName("0x8086", "0x1889")).hasValue("Ethernet Adaptive Virtual Function");
        assertThat(database.deviceName("15B3", "1018")).hasValue("MT27800 Family [ConnectX-5 Virtual Function]");
    }

    @Test
    void subsystemLinesAreNotDevices() throws Exception {
        PciIdsDatabase database = PciIdsDatabase.read(sample());

        assertThat(database.deviceName("15b3", "0006")).isEmpty();
        assertThat(database.deviceName("8086", "0001")).isEmpty();
    }

    @Test
    void vendorWithoutDevicesHasANameAndNoDevices() throws Exception {
        PciIdsDatabase database = PciIdsDatabase.read(sample());

        assertThat(database.vendorName("19ee")).hasValue("Netronome Systems, Inc.");
        assertThat(database.deviceName("19ee", "4000")).isEmpty();
        assertThat(database.vendorName("1f67")).isEmpty();
    }

    @Test
    void theClassListIsNotReadAsVendorsOrDevices() throws Exception {
        PciIdsDatabase database = PciIdsDatabase.read(sample());

        assertThat(database.vendorName("ffff")).hasValue("Illegal Vendor ID");
        assertThat(database.deviceName("ffff", "abcd")).isEmpty();
    }

    @Test
    void noFileMeansEveryLookupIsEmpty(@TempDir Path dir) {
        PciIdsDatabase database = PciIdsDatabase.firstFound(List.of(dir.resolve("pci.ids"), dir.resolve("hwdata/pci.ids")));

        assertThat(database.vendorName("15b3")).isEmpty();
        assertThat(database.deviceName("15b3", "1017")).isEmpty();
    }

    @Test
    void theFirstExistingLocationWins(@TempDir Path dir) throws Exception {
        Path second = Files.writeString(dir.resolve("second.ids"), "15b3  Second\n");
        Path third = Files.writeString(dir.resolve("third.ids"), "15b3  Third\n");

        PciIdsDatabase database = PciIdsDatabase.firstFound(List.of(dir.resolve("missing.ids"), second, third));

        assertThat(database.vendorName("15b3")).hasValue("Second");
    }

    @Test
    void theInstalledDatabaseNamesConnectX5() {
        assertThat(PciIdsDatabase.STANDARD_LOCATIONS).as("pci.ids installed (dev/install-deps: apt-get install -y pci.ids)")
                .anyMatch(Files::isRegularFile);

        PciIdsDatabase database = PciIdsDatabase.installed();

        assertThat(database.deviceName("15b3", "1017")).hasValue("MT27800 Family [ConnectX-5]");
        assertThat(database.vendorName("8086")).hasValue("Intel Corporation");
    }

    private static Path sample() throws URISyntaxException {
        return Path.of(PciIdsDatabaseTest.class.getResource("sample-pci.ids").toURI());
    }
}
