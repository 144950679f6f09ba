package io.hwoffload.host.sysfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Read-only access to a directory laid out like {@code /sys}. Every path is built from checked segments
 * (no {@code ..}, no separators inside names), so names read from the tree cannot lead outside it.
 * Reads never throw: a missing or unreadable attribute is empty, as discovery treats both alike.
 */
public final class SysfsTree {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_:@+-][A-Za-z0-9_.:@+-]*");

    private final Path root;

    public SysfsTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The path of {@code parts}, each of which may hold several '/'-separated segments. */
    public Path resolve(String... parts) {
        Path path = root;
        for (String part : parts) {
            for (String segment : part.split("/")) {
                if (!SEGMENT.matcher(segment).matches() || segment.equals("..")) {
                    throw new IllegalArgumentException("'" + segment + "' is not a sysfs path segment");
                }
                path = path.resolve(segment);
            }
        }
        return path;
    }

    /** Whether {@code segment} can be used in {@link #resolve} (names listed from the tree are checked first). */
    public static boolean isSegment(String segment) {
        return segment != null && SEGMENT.matcher(segment).matches();
    }

    /** An attribute's text without surrounding whitespace; empty if absent, unreadable or not a file. */
    public Optional<String> attribute(String... parts) {
        Path path = resolve(parts);
        try {
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            return Optional.of(new String(Files.readAllBytes(path), StandardCharsets.UTF_8).trim());
        } catch (IOException refusedByKernel) {
            // e.g. phys_port_name on a netdev whose driver has none: EOPNOTSUPP on read.
            return Optional.empty();
        }
    }

    public boolean isLink(String... parts) {
        return Files.isSymbolicLink(resolve(parts));
    }

    /** The name a symlink points to (its target's last element); empty if it is not a link. */
    public Optional<String> linkName(String... parts) {
        Path path = resolve(parts);
        try {
            if (!Files.isSymbolicLink(path)) {
                return Optional.empty();
            }
            Path target = Files.readSymbolicLink(path).getFileName();
            return target == null ? Optional.empty() : Optional.of(target.toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A symlink whose target does not exist. */
    public boolean isDanglingLink(String... parts) {
        Path path = resolve(parts);
        return Files.isSymbolicLink(path) && !Files.exists(path);
    }

    public boolean isDirectory(String... parts) {
        return Files.isDirectory(resolve(parts));
    }

    public boolean exists(String... parts) {
        return Files.exists(resolve(parts), LinkOption.NOFOLLOW_LINKS);
    }

    /** Entry names of a directory, sorted; empty if it is absent. */
    public List<String> list(String... parts) {
        Path dir = resolve(parts);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.forEach(p -> names.add(p.getFileName().toString()));
            names.sort(null);
            return names;
        } catch (IOException e) {
            return List.of();
        }
    }
}
