package io.hwoffload.operator.deviceplugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code /dev/infiniband} char devices of one RDMA device, found as rdmamap finds them (Mellanox/rdmamap
 * {@code rdma_map.go}, used by sriov-network-device-plugin): the entries of {@code class/infiniband_verbs}
 * ({@code uverbsN}), {@code class/infiniband_mad} ({@code umadN}, {@code issmN}) and {@code class/infiniband_cm}
 * ({@code ucmN}) whose {@code ibdev} file names it, and {@code rdma_cm} where it exists.
 */
final class RdmaCharDevices {
    private static final List<String> CLASSES = List.of("infiniband_verbs", "infiniband_mad", "infiniband_cm");

    private RdmaCharDevices() {
    }

    /** Paths relative to the dev root: {@code infiniband/uverbs2}. */
    static List<String> of(Path sysfsRoot, Path devRoot, String rdmaDevice) {
        List<String> files = new ArrayList<>();
        for (String deviceClass : CLASSES) {
            Path directory = sysfsRoot.resolve("class").resolve(deviceClass);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(directory)) {
                entries.sorted().filter(entry -> rdmaDevice.equals(ibdev(entry)))
                        .forEach(entry -> files.add("infiniband/" + entry.getFileName()));
            } catch (IOException e) {
                // a class directory that cannot be listed has no device of ours to offer
            }
        }
        if (Files.exists(devRoot.resolve("infiniband/rdma_cm"))) {
            files.add("infiniband/rdma_cm");
        }
        return files;
    }

    private static String ibdev(Path entry) {
        try {
            return Files.readString(entry.resolve("ibdev")).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
