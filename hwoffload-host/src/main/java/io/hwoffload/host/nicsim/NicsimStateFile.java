package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hwoffload.host.HostException;
import io.hwoffload.host.HostNames;
import io.hwoffload.host.exec.NetworkNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code <root>/.nicsim/state.json}: its presence is what makes a directory a nicsim tree. */
final class NicsimStateFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private NicsimStateFile() {
    }

    static Path directory(Path root) {
        return root.resolve(".nicsim");
    }

    static Path path(Path root) {
        return directory(root).resolve("state.json");
    }

    static boolean isNicsimTree(Path root) {
        return Files.isRegularFile(path(root));
    }

    static NicsimState read(Path root) {
        if (!isNicsimTree(root)) {
            throw new HostException(root + " is not a nicsim tree: it has no .nicsim/state.json");
        }
        try {
            NicsimState state = JSON.readValue(path(root).toFile(), NicsimState.class);
            if (state.format() != NicsimState.FORMAT) {
                throw new HostException(path(root) + " has format " + state.format() + "; this hwoffload reads format "
                        + NicsimState.FORMAT + ": recreate the tree with 'hwoffload nicsim create'");
            }
            state.realNetdevs().ifPresent(record -> requireValidNames(path(root), record));
            return state;
        } catch (IOException e) {
            throw new HostException("reading " + path(root) + " failed: " + e.getMessage(), e);
        }
    }

    /** Names from the file reach ip's argv and /run/netns paths: a hand-edited file must not steer them. */
    private static void requireValidNames(Path file, NicsimState.RealNetdevs record) {
        try {
            new NetworkNamespace(record.nodeNamespace());
            record.namespaces().forEach(NetworkNamespace::new);
            for (VethPair pair : record.pairs()) {
                HostNames.requireInterface(pair.representor());
                HostNames.requireInterface(pair.peer());
                new NetworkNamespace(pair.peerNamespace());
            }
        } catch (IllegalArgumentException e) {
            throw new HostException(file + " is damaged: " + e.getMessage()
                    + "; remove the tree's namespaces by hand (ip netns list) and recreate it");
        }
    }

    /** Writes the whole file and renames it into place, so a reader never sees half of it. */
    static void write(Path root, NicsimState state) {
        Path target = path(root);
        Path temporary = target.resolveSibling("state.json.tmp");
        try {
            Files.createDirectories(target.getParent());
            JSON.writeValue(temporary.toFile(), state);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HostException("writing " + target + " failed: " + e.getMessage(), e);
        }
    }
}
