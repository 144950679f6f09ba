package io.hwoffload.host.nicsim;

import io.hwoffload.host.FileTrees;
import io.hwoffload.host.HostException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File primitives of a nicsim tree: attribute files, relative symlinks, removal that never follows a link. */
final class SysfsFiles {
    private SysfsFiles() {
    }

    /** Writes an attribute as the kernel shows it: the value and a newline. */
    static void writeAttribute(Path file, String value) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw failure("writing " + file, e);
        }
    }

    static String readAttribute(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw failure("reading " + file, e);
        }
    }

    /**
     * A relative symlink spelled as sysfs spells it: up from the link's directory to the nearest ancestor of the
     * target's parent, then down ({@code net/eth0/device -> ../../../0000:03:00.0}, not {@code ../..}).
     */
    static void link(Path link, Path target) {
        Path base = link.getParent();
        StringBuilder up = new StringBuilder();
        while (!target.getParent().startsWith(base)) {
            up.append("../");
            base = base.getParent();
        }
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of(up + base.relativize(target).toString()));
        } catch (IOException e) {
            throw failure("linking " + link + " to " + target, e);
        }
    }

    /** Where a relative link points, as an absolute path. */
    static Path resolveLink(Path link) {
        try {
            return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
        } catch (IOException e) {
            throw failure("reading the link " + link, e);
        }
    }

    static boolean isLink(Path path) {
        return Files.isSymbolicLink(path);
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure("creating " + dir, e);
        }
    }

    /** Names in a directory, sorted; none if it does not exist. */
    static List<String> list(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw failure("listing " + dir, e);
        }
    }

    /** Deletes a directory only if it is empty. */
    static void deleteIfEmpty(Path dir) {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && list(dir).isEmpty()) {
            FileTrees.delete(dir);
        }
    }

    private static HostException failure(String what, IOException e) {
        return new HostException("nicsim tree: " + what + " failed: " + e, e);
    }
}
