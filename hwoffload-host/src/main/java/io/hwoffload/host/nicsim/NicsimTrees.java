package io.hwoffload.host.nicsim;

import io.hwoffload.host.FileTrees;

import java.nio.file.Path;
import java.util.List;

/** Recognising and removing nicsim trees; nothing here deletes a directory that is not one. */
public final class NicsimTrees {
    /** The top-level entries a tree has besides {@code .nicsim}; destroy removes only these. */
    private static final List<String> TREE_ENTRIES = List.of("devices", "bus", "class", "kernel");

    private NicsimTrees() {
    }

    /** Whether {@code root} holds a nicsim tree ({@code .nicsim/state.json}). */
    public static boolean isNicsimTree(Path root) {
        return NicsimStateFile.isNicsimTree(root);
    }

    /**
     * Removes a tree: first its real namespaces and veth pairs (the tree stays, with what is left recorded,
     * if that fails), then its entries and state, then {@code root} itself if nothing else is in it.
     *
     * @return the namespaces removed
     */
    public static List<String> destroy(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        NicsimState state = NicsimStateFile.read(absolute);
        List<String> namespaces = state.realNetdevs().map(r -> List.copyOf(r.namespaces())).orElse(List.of());
        state.realNetdevs().ifPresent(record -> new VethPlumbing(IpCommand.find(), record,
                () -> NicsimStateFile.write(absolute, state), step -> { }).teardown());
        for (String entry : TREE_ENTRIES) {
            FileTrees.delete(absolute.resolve(entry));
        }
        FileTrees.delete(NicsimStateFile.directory(absolute));
        SysfsFiles.deleteIfEmpty(absolute);
        return namespaces;
    }
}
