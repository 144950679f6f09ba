package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds a nicsim tree: the sysfs layout of one catalog model's functions as they are after boot (PFs
 * bound, no VFs, the eSwitch in its boot mode), laid out like the model's seed, plus optionally real
 * netdevs. A build that fails leaves nothing: no tree, no namespace.
 */
public final class NicsimTreeBuilder {
    private final NicCatalog catalog;
    private final NicsimLayouts layouts;
    private final Consumer<String> checkpoint;

    public NicsimTreeBuilder(NicCatalog catalog, NicsimLayouts layouts) {
        this(catalog, layouts, step -> { });
    }

    /** @param checkpoint called after each namespace and veth pair is made, so that tests can fail a step */
    NicsimTreeBuilder(NicCatalog catalog, NicsimLayouts layouts, Consumer<String> checkpoint) {
        this.catalog = catalog;
        this.layouts = layouts;
        this.checkpoint = checkpoint;
    }

    public static NicsimTreeBuilder bundled() {
        return new NicsimTreeBuilder(NicCatalog.bundled(), NicsimLayouts.bundled());
    }

    /** The models this builder can emulate: those with both a catalog entry and a layout. */
    public List<String> models() {
        return layouts.models().stream().filter(m -> catalog.model(m).isPresent()).toList();
    }

    /**
     * Builds {@code model}'s tree in {@code root}, which must be absent or empty.
     *
     * @param hostVfs      for a DPU's Arm side, how many host VFs it represents; null for the layout's default
     * @param realNetdevs  make each representor and its peer a veth pair in namespaces of the tree's own (root only)
     * @throws IllegalArgumentException for an unknown model, a bad host VF count, or a root that is not empty
     * @throws io.hwoffload.host.HostException when the tree or the namespaces cannot be made
     */
    public SimulatedHost create(Path root, String model, Integer hostVfs, boolean realNetdevs) {
        EmulatedNic nic = EmulatedNic.of(model, catalog, layouts);
        int vfs = hostVfs(nic, hostVfs);
        Path absolute = root.toAbsolutePath().normalize();
        requireEmpty(absolute);
        if (realNetdevs) {
            VethPlumbing.requireRoot();
            IpCommand.find();
        }
        NicsimState state = new NicsimState(model, nodeId(absolute), vfs);
        SysfsFiles.createDirectories(absolute);
        try {
            NicsimStateFile.write(absolute, state);
            new EmulatedKernel(nic, absolute, state).plugIn();
            NicsimStateFile.write(absolute, state);
            SimulatedHost host = new SimulatedHost(absolute, nic, checkpoint);
            if (realNetdevs) {
                host.addRealNetdevs();
            }
            return host;
        } catch (RuntimeException e) {
            try {
                NicsimTrees.destroy(absolute);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private static int hostVfs(EmulatedNic nic, Integer requested) {
        var hostSide = nic.layout().hostSide();
        if (hostSide.isEmpty()) {
            if (requested != null) {
                throw new IllegalArgumentException("host VFs are represented on a DPU's Arm side only;"
                        + " " + nic.model().name() + " is not one");
            }
            return 0;
        }
        int vfs = requested != null ? requested : hostSide.get().defaultVfs();
        if (vfs < 0 || vfs > nic.maxHostVfs()) {
            throw new IllegalArgumentException("host VFs must be 0 to " + nic.maxHostVfs() + " (the host's sriov_totalvfs"
                    + " in " + hostSide.get().model() + "), not " + vfs);
        }
        return vfs;
    }

    private static void requireEmpty(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " exists and is not a directory");
        }
        if (!SysfsFiles.list(root).isEmpty()) {
            throw new IllegalArgumentException(root + " is not empty" + (NicsimTrees.isNicsimTree(root)
                    ? ": it holds a nicsim tree already (destroy it first)" : ""));
        }
    }

    /** Eight hex digits from the tree's path: its namespaces' names, and the seed of its MACs. */
    private static String nodeId(Path root) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(root.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
