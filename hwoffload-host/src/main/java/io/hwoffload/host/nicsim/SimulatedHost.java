package io.hwoffload.host.nicsim;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.HostNames;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.linux.Iproute2IpConfig;
import io.hwoffload.host.nicsim.NicsimLayout.PhysicalFunctionLayout;
import io.hwoffload.host.nicsim.NicsimState.RealNetdevs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A nicsim tree as a {@link Host}: discovery reads its sysfs root like {@code /sys}, and every mutation
 * changes the tree as the kernel would (see {@link EmulatedKernel}). State sysfs does not show is re-read
 * from {@code .nicsim/state.json} for each call and written back after it, so several openings of one tree
 * in turn (a CLI run, then another) see each other's changes. With real netdevs, each mutation ends by
 * making the veth pairs match the tree.
 */
public final class SimulatedHost implements Host {
    private static final Duration IP_TIMEOUT = Duration.ofSeconds(15);
    private final Path root;
    private final EmulatedNic nic;
    private final Consumer<String> checkpoint;

    SimulatedHost(Path root, EmulatedNic nic, Consumer<String> checkpoint) {
        this.root = root;
        this.nic = nic;
        this.checkpoint = checkpoint;
    }

    /** Opens a tree made by {@link NicsimTreeBuilder}, with the bundled catalog and layouts. */
    public static SimulatedHost open(Path root) {
        return open(root, NicCatalog.bundled(), NicsimLayouts.bundled());
    }

    public static SimulatedHost open(Path root, NicCatalog catalog, NicsimLayouts layouts) {
        Path absolute = root.toAbsolutePath().normalize();
        NicsimState state = NicsimStateFile.read(absolute);
        try {
            return new SimulatedHost(absolute, EmulatedNic.of(state.model(), catalog, layouts), step -> { });
        } catch (IllegalArgumentException e) {
            throw new HostException(absolute + " is a nicsim tree of a model this hwoffload cannot emulate: " + e.getMessage(), e);
        }
    }

    /**
     * The real netdevs' node namespace, where OVS (as the demo and tests run it) makes its bridges' interfaces; without
     * real netdevs there is nothing to address.
     */
    @Override
    public IpConfig ipConfig() {
        return nodeNamespace().<IpConfig>map(namespace -> new Iproute2IpConfig(CommandRunner.withTimeout(IP_TIMEOUT),
                namespace)).orElse(IpConfig.NONE);
    }

    @Override
    public Path stateDirectory() {
        // The emulated node's own /var/lib: it goes with the tree, like a real node's goes with the node.
        return root.resolve(".nicsim").resolve("hwoffload");
    }

    @Override
    public Path sysfsRoot() {
        return root;
    }

    public String model() {
        return nic.model().name();
    }

    /** The PF driver, which {@link #reloadDriver} reloads. */
    public String physicalFunctionDriver() {
        return nic.pfDriver();
    }

    /** The firmware applications the NIC can load (shipped first); empty for a NIC with one firmware. */
    public List<String> firmwareApplications() {
        return Optional.ofNullable(nic.layout().firmware()).map(f -> List.of(f.shipped(), f.offload())).orElse(List.of());
    }

    /** The firmware application that runs the eSwitch, where the NIC has a choice. */
    public Optional<String> offloadFirmware() {
        return Optional.ofNullable(nic.layout().firmware()).map(NicsimLayout.Firmware::offload);
    }

    // ---- NetlinkQueries -------------------------------------------------------------------------

    @Override
    public EswitchMode eswitchMode(PciAddress pf) {
        return query(kernel -> kernel.eswitchMode(pf));
    }

    @Override
    public Optional<Boolean> feature(String netdev, String feature) {
        HostNames.requireInterface(netdev);
        HostNames.requireFeature(feature);
        return query(kernel -> kernel.feature(netdev, feature));
    }

    // ---- HostMutations --------------------------------------------------------------------------

    @Override
    public void writeNumVfs(PciAddress pf, int numVfs) {
        mutate(kernel -> kernel.writeNumVfs(pf, numVfs));
    }

    @Override
    public void unbind(PciAddress device, String driver) {
        HostNames.requireDriver(driver);
        mutate(kernel -> kernel.unbind(device, driver));
    }

    @Override
    public void bind(PciAddress device, String driver) {
        HostNames.requireDriver(driver);
        mutate(kernel -> kernel.bind(device, driver));
    }

    @Override
    public void setEswitchMode(PciAddress pf, EswitchMode mode) {
        mutate(kernel -> kernel.setEswitchMode(pf, mode));
    }

    @Override
    public void setFeature(String netdev, String feature, boolean on) {
        HostNames.requireInterface(netdev);
        HostNames.requireFeature(feature);
        mutate(kernel -> kernel.setFeature(netdev, feature, on));
    }

    @Override
    public void setLinkUp(String netdev) {
        HostNames.requireInterface(netdev);
        mutate(kernel -> kernel.setLinkUp(netdev));
        withRealNetdevs(plumbing -> plumbing.setUp(netdev));
    }

    // ---- what a person does on a real host ------------------------------------------------------

    /**
     * The vendor's firmware selection (seed 001's agilio-tc-fw-select.sh): links the application's image as the PF's
     * per-device firmware, which its driver loads on the next probe ({@link #reloadDriver}).
     */
    public void linkFirmware(PciAddress pf, String application) {
        mutate(kernel -> kernel.linkFirmware(pf, application));
    }

    /** {@code rmmod <driver>; modprobe <driver>}: its PFs are removed, VFs and all, and probed again. */
    public void reloadDriver(String driver) {
        HostNames.requireDriver(driver);
        mutate(kernel -> kernel.reloadDriver(driver));
    }

    // ---- real netdevs ---------------------------------------------------------------------------

    /** The namespace holding the representor ends, if the tree has real netdevs. */
    public Optional<String> nodeNamespace() {
        return NicsimStateFile.read(root).realNetdevs().map(RealNetdevs::nodeNamespace);
    }

    /** Gives the tree real netdevs: its node namespace now, and a veth pair for every representor with a peer. */
    void addRealNetdevs() {
        VethPlumbing.requireRoot();
        NicsimState state = NicsimStateFile.read(root);
        if (state.realNetdevs().isEmpty()) {
            state.setRealNetdevs(new RealNetdevs(new NicsimNamespaces(state.nodeId()).node()));
            NicsimStateFile.write(root, state);
        }
        reconcileRealNetdevs(state, new EmulatedKernel(nic, root, state));
    }

    private void reconcileRealNetdevs(NicsimState state, EmulatedKernel kernel) {
        state.realNetdevs().ifPresent(record -> plumbing(state, record)
                .reconcile(kernel.vethPairs(new NicsimNamespaces(state.nodeId())), kernel::isUp));
    }

    private void withRealNetdevs(Consumer<VethPlumbing> action) {
        NicsimState state = NicsimStateFile.read(root);
        state.realNetdevs().ifPresent(record -> action.accept(plumbing(state, record)));
    }

    private VethPlumbing plumbing(NicsimState state, RealNetdevs record) {
        return new VethPlumbing(IpCommand.find(), record, () -> NicsimStateFile.write(root, state), checkpoint);
    }

    // ---- summary --------------------------------------------------------------------------------

    /** What the tree holds now. */
    public NicsimSummary summary() {
        NicsimState state = NicsimStateFile.read(root);
        PciTree pci = new PciTree(root);
        NetTree net = new NetTree(pci);
        EmulatedKernel kernel = new EmulatedKernel(nic, root, state);
        List<NicsimSummary.PhysicalFunction> pfs = new ArrayList<>();
        for (PhysicalFunctionLayout pf : nic.layout().physicalFunctions()) {
            PciAddress address = pf.address();
            boolean sriov = pci.hasAttribute(address, "sriov_totalvfs");
            Optional<String> driver = pci.driver(address);
            pfs.add(new NicsimSummary.PhysicalFunction(address, kernel.physicalFunctionNetdev(pf), driver.orElse(""),
                    sriov ? Integer.parseInt(pci.attribute(address, "sriov_totalvfs")) : 0,
                    sriov ? Integer.parseInt(pci.attribute(address, "sriov_numvfs")) : 0,
                    driver.isPresent() ? kernel.eswitchMode(address) : EswitchMode.UNKNOWN,
                    driver.isPresent() ? kernel.runningFirmware(address) : Optional.empty()));
        }
        Optional<RealNetdevs> real = state.realNetdevs();
        return new NicsimSummary(nic.model().name(), nic.model().vendorName() + " " + nic.model().productName(), root,
                pfs, net.all(), real.map(RealNetdevs::nodeNamespace), real.map(RealNetdevs::pairs).orElse(List.of()));
    }

    // ---- one call -------------------------------------------------------------------------------

    private <T> T query(Function<EmulatedKernel, T> question) {
        NicsimState state = NicsimStateFile.read(root);
        return question.apply(new EmulatedKernel(nic, root, state));
    }

    /** Applies one change with fresh state, saves the state whatever happens, then follows with real netdevs. */
    private void mutate(Consumer<EmulatedKernel> change) {
        NicsimState state = NicsimStateFile.read(root);
        EmulatedKernel kernel = new EmulatedKernel(nic, root, state);
        try {
            change.accept(kernel);
        } finally {
            NicsimStateFile.write(root, state);
        }
        reconcileRealNetdevs(state, kernel);
    }
}
