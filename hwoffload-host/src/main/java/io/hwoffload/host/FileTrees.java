package io.hwoffload.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing what hwoffload made on disk: nicsim trees, private OVS run directories, the demo's work directory. */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes a file, a link (not its target) or a directory tree; links inside are removed, never followed. */
    public static void delete(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new HostException("deleting " + path + " failed: " + e, e);
        }
    }
}
