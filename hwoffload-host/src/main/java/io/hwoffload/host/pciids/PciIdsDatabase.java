package io.hwoffload.host.pciids;

import io.hwoffload.core.pci.PciId;
import io.hwoffload.host.HostException;
import io.hwoffload.host.discovery.DeviceNames;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vendor and device names from the PCI ID Repository's {@code pci.ids}, the file lspci reads, so that reports can
 * say "MT27800 Family [ConnectX-5]" next to {@code 15b3:1017}. Names only: models come from the NIC catalog.
 *
 * <p>Format: a vendor line is {@code vvvv  name}, its devices follow as {@code \tdddd  name}, and
 * {@code \t\tssss ssss  name} lines are subsystems (skipped). {@code #} starts a comment. The class list at the end
 * ({@code C cc  name} with tab-indented subclasses) holds no vendors, so reading stops there.
 */
public final class PciIdsDatabase implements DeviceNames {
    /** Debian's {@code pci.ids} package, then the hwdata layout (Fedora, RHEL, Arch). */
    public static final List<Path> STANDARD_LOCATIONS =
            List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));

    private static final Pattern VENDOR = Pattern.compile("([0-9a-f]{4})\\s+(\\S.*)");
    private static final Pattern DEVICE = Pattern.compile("\t([0-9a-f]{4})\\s+(\\S.*)");

    private record Vendor(String name, Map<String, String> devices) {
    }

    private final Map<String, Vendor> vendors;

    private PciIdsDatabase(Map<String, Vendor> vendors) {
        this.vendors = vendors;
    }

    /** The database at the first of {@link #STANDARD_LOCATIONS} that exists; without one, every lookup is empty. */
    public static PciIdsDatabase installed() {
        return firstFound(STANDARD_LOCATIONS);
    }

    /** The database at the first of {@code candidates} that is a file; without one, every lookup is empty. */
    public static PciIdsDatabase firstFound(List<Path> candidates) {
        return candidates.stream().filter(Files::isRegularFile).findFirst()
                .map(PciIdsDatabase::read)
                .orElseGet(() -> new PciIdsDatabase(Map.of()));
    }

    /** Reads one pci.ids file; a file that exists but cannot be read is an error, not an empty database. */
    public static PciIdsDatabase read(Path file) {
        // Some copies carry stray Latin-1 bytes; a replaced character is better than no names at all.
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            return new PciIdsDatabase(parse(reader));
        } catch (IOException e) {
            throw new HostException("cannot read the PCI ID database " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Vendor> parse(BufferedReader reader) throws IOException {
        Map<String, Vendor> vendors = new HashMap<>();
        Vendor current = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("C ")) {
                break;
            }
            Matcher device = DEVICE.matcher(line);
            if (current != null && device.matches()) {
                current.devices().put(device.group(1), device.group(2).strip());
                continue;
            }
            Matcher vendor = VENDOR.matcher(line);
            if (vendor.matches()) {
                current = new Vendor(vendor.group(2).strip(), new HashMap<>());
                vendors.put(vendor.group(1), current);
            }
        }
        return vendors;
    }

    /** The vendor's name, e.g. "Mellanox Technologies" for {@code 15b3} (or {@code 0x15b3}, as sysfs shows it). */
    @Override
    public Optional<String> vendorName(String vendorId) {
        return Optional.ofNullable(vendors.get(PciId.normalize(vendorId))).map(Vendor::name);
    }

    /** The device's name, e.g. "MT27800 Family [ConnectX-5]" for {@code 15b3:1017}. */
    @Override
    public Optional<String> deviceName(String vendorId, String deviceId) {
        return Optional.ofNullable(vendors.get(PciId.normalize(vendorId)))
                .map(vendor -> vendor.devices().get(PciId.normalize(deviceId)));
    }
}
