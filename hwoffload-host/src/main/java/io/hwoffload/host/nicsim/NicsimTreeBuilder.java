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

    /** How {@code model}'s seed has the node when it lists it (its firmware, its kernel's names). */
    public NicsimBoot seedBoot(String model) {
        return EmulatedNic.of(model, catalog, layouts).layout().seedBoot();
    }

    /**
     * Builds {@code model}'s tree in {@code root}, which must be absent or empty.
     *
     * @param boot         the firmware it boots and, on a DPU's Arm side, the host's VF count
     * @param realNetdevs  make each representor and its peer a veth pair in namespaces of the tree's own (root only)
     * @throws IllegalArgumentException for an unknown model, a bad host VF count or firmware, or a root that is not empty
     * @throws io.hwoffload.host.HostException when the tree or the namespaces cannot be made
     */
    public SimulatedHost create(Path root, String model, NicsimBoot boot, boolean realNetdevs) {
        EmulatedNic nic = EmulatedNic.of(model, catalog, layouts);
        int vfs = hostVfs(nic, boot.hostVfs());
        requireFirmware(nic, boot.firmware());
        Path absolute = root.toAbsolutePath().normalize();
        requireEmpty(absolute);
        if (realNetdevs) {
            VethPlumbing.requireRoot();
            IpCommand.find();
        }
        NicsimState state = new NicsimState(model, nodeId(absolute), vfs, boot.kernelVersion().toString());
        SysfsFiles.createDirectories(absolute);
        try {
            NicsimStateFile.write(absolute, state);
            EmulatedKernel kernel = new EmulatedKernel(nic, absolute, state);
            if (boot.firmware() != null) {
                // Selected before this boot, as the vendor's script leaves it.
                nic.layout().physicalFunctions().forEach(pf -> kernel.linkFirmware(pf.address(), boot.firmware()));
            }
            kernel.plugIn();
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

    /**
     * How many VFs the x86 host of a DPU made: its PF's sriov_numvfs in the host's own nicsim tree, which must be of the
     * DPU layout's host model. A DPU's Arm side represents only the VFs its host created.
     *
     * @throws IllegalArgumentException when {@code dpuModel} is no DPU's Arm side or the tree is another model's
     */
    public int hostVfsOf(Path hostTree, String dpuModel) {
        EmulatedNic dpu = EmulatedNic.of(dpuModel, catalog, layouts);
        var hostSide = dpu.layout().hostSide().orElseThrow(() -> new IllegalArgumentException(
                dpuModel + " is not a DPU's Arm side: it has no host whose VFs it represents"));
        if (!NicsimTrees.isNicsimTree(hostTree)) {
            throw new IllegalArgumentException(hostTree + " is not a nicsim tree (it has no .nicsim/state.json)");
        }
        SimulatedHost host = SimulatedHost.open(hostTree, catalog, layouts);
        if (!host.model().equals(hostSide.model())) {
            throw new IllegalArgumentException(hostTree + " emulates " + host.model() + "; the host of a " + dpuModel
                    + " is a " + hostSide.model());
        }
        return host.summary().physicalFunctions().get(0).numVfs();
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

    private void requireFirmware(EmulatedNic nic, String firmware) {
        if (firmware == null) {
            return;
        }
        NicsimLayout.Firmware choices = nic.layout().firmware();
        if (choices == null) {
            throw new IllegalArgumentException(nic.model().name() + " has one firmware; a firmware is chosen only for"
                    + " models that load one of several (" + String.join(", ", firmwareModels()) + ")");
        }
        if (!choices.has(firmware)) {
            throw new IllegalArgumentException(nic.model().name() + " firmware must be " + choices.shipped() + " (as"
                    + " shipped) or " + choices.offload() + ", not '" + firmware + "'");
        }
    }

    private List<String> firmwareModels() {
        return models().stream().filter(m -> layouts.layout(m).map(NicsimLayout::firmware).isPresent()).toList();
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
