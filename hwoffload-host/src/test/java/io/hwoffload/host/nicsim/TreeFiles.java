package io.hwoffload.host.nicsim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads a nicsim tree the way discovery reads /sys: plain files and links, no nicsim classes. */
record TreeFiles(Path root) {

    String read(String relative) {
        try {
            return Files.readString(root.resolve(relative)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String relative) {
        return Files.exists(root.resolve(relative), LinkOption.NOFOLLOW_LINKS);
    }

    /** The link's target as written (relative). */
    String linkText(String relative) {
        try {
            return Files.readSymbolicLink(root.resolve(relative)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file name of where a link leads (a driver, a PCI address, a group number). */
    String linkName(String relative) {
        return Path.of(linkText(relative)).getFileName().toString();
    }

    List<String> list(String relative) {
        Path dir = root.resolve(relative);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String pci(String address, String attribute) {
        return read("bus/pci/devices/" + address + "/" + attribute);
    }

    String netdev(String name, String attribute) {
        return read("class/net/" + name + "/" + attribute);
    }

    /**
     * Whether the attribute reads a value. Every netdev has phys_port_name and phys_switch_id; nicsim leaves one the
     * driver lacks empty, where the kernel fails the read (EOPNOTSUPP).
     */
    boolean netdevHas(String name, String attribute) {
        return exists("class/net/" + name + "/" + attribute) && !netdev(name, attribute).isEmpty();
    }

    List<String> virtfns(String pf) {
        return list("bus/pci/devices/" + pf).stream().filter(n -> n.startsWith("virtfn")).toList();
    }

    /** Every symlink in the tree. */
    List<Path> links() {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isSymbolicLink).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
