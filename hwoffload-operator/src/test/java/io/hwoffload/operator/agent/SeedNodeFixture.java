package io.hwoffload.operator.agent;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.inventory.PhysicalFunction;
import io.hwoffload.core.plan.CniOvsStart;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.host.apply.DiscoveringObserver;
import io.hwoffload.host.apply.OwnershipStore;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.ovs.OvsSandbox;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpecs;
import io.hwoffload.operator.testing.ExamplePolicies;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A reference setup as the agent meets it: the seed's example policy as an OffloadNodeState spec, a fresh nicsim
 * node of the seed's model, and, when the policy sets OVS, a real ovsdb-server (OvsSandbox). Closing it stops OVS;
 * the tree lives in the test's temporary directory.
 */
final class SeedNodeFixture implements AutoCloseable {
    static final NicCatalog CATALOG = NicCatalog.bundled();
    static final HostVersions NO_VERSIONS = new HostVersions(null, null, null, null);
    private static final Duration OVSDB_TIMEOUT = Duration.ofSeconds(10);

    /** One reference setup: the example policy file, the policy in it for this node, the nicsim model. */
    record Seed(String policyFile, String policyName, String model, NicsimBoot boot) {
        /** As the seed has the node when it lists it (layouts.yaml's seedBoot: Corigine after its firmware step). */
        Seed(String policyFile, String policyName, String model) {
            this(policyFile, policyName, model, NicsimTreeBuilder.bundled().seedBoot(model));
        }

        @Override
        public String toString() {
            return policyName;
        }
    }

    static final Seed CONNECTX5 = new Seed("mellanox-antrea", "mellanox-antrea", "mellanox-connectx5");
    static final Seed YUSUR = new Seed("yusur-kube-ovn", "yusur-kube-ovn", "yusur-conflux-2200e");
    static final Seed BLUEFIELD2_HOST = new Seed("bluefield2-ovn-kubernetes", "bluefield2-dpu-host", "nvidia-bluefield2-host");
    static final List<Seed> SEEDS = List.of(
            YUSUR,
            new Seed("corigine-kube-ovn", "corigine-kube-ovn", "corigine-agilio-cx"),
            new Seed("yunsilicon-kube-ovn", "yunsilicon-kube-ovn", "yunsilicon-metascale"),
            CONNECTX5,
            BLUEFIELD2_HOST,
            new Seed("bluefield2-ovn-kubernetes", "bluefield2-dpu", "nvidia-bluefield2-dpu"));

    final Seed seed;
    final PolicySpec spec;
    final SimulatedHost host;
    final OvsSandbox ovs;

    private SeedNodeFixture(Seed seed, PolicySpec spec, SimulatedHost host, OvsSandbox ovs) {
        this.seed = seed;
        this.spec = spec;
        this.host = host;
        this.ovs = ovs;
    }

    /** The seed's node at {@code tree}; OVS too when the policy sets it (or {@code withOvs}: for coverage tests). */
    static SeedNodeFixture start(Seed seed, Path tree, boolean withOvs, int pods) throws Exception {
        PolicySpec spec = policySpec(seed);
        OvsSandbox ovs = spec.ovs() != null || withOvs ? OvsSandbox.start(pods) : null;
        try {
            SeedNodeFixture node = new SeedNodeFixture(seed, spec, NicsimTreeBuilder.bundled().create(tree, seed.model(),
                    seed.boot(), false), ovs);
            node.startedByTheCni();
            return node;
        } catch (Exception | AssertionError e) {
            if (ovs != null) {
                ovs.close();
            }
            throw e;
        }
    }

    /** OVS as the seed's CNI starts it, before the agent runs (CniOvsStart: Kube-OVN's hw-offload). */
    private void startedByTheCni() throws Exception {
        String hwOffload = CniOvsStart.otherConfig(PolicySpecs.toPolicy(seed.policyName(), spec)).get("hw-offload");
        if (ovs != null && hwOffload != null) {
            cniStartedOvsWith(Boolean.parseBoolean(hwOffload));
        }
    }

    /** Kube-OVN's ovs-ovn started again with HW_OFFLOAD={@code hwOffload}. */
    void cniStartedOvsWith(boolean hwOffload) throws Exception {
        try (OvsdbClient client = ovsClient()) {
            client.setOtherConfig("hw-offload", Boolean.toString(hwOffload));
        }
    }

    static SeedNodeFixture start(Seed seed, Path tree) throws Exception {
        return start(seed, tree, false, 0);
    }

    /** The spec of the seed's document in {@code examples/policies/<file>.yaml}, as the API server would store it. */
    static PolicySpec policySpec(Seed seed) {
        return ExamplePolicies.load(seed.policyFile()).stream()
                .filter(policy -> policy.getMetadata().getName().equals(seed.policyName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(seed.policyFile() + " has no policy " + seed.policyName()))
                .getSpec();
    }

    NodeStateSpec nodeStateSpec(String nodeName) {
        return nodeStateSpec(nodeName, spec);
    }

    NodeStateSpec nodeStateSpec(String nodeName, PolicySpec policy) {
        return new NodeStateSpec(nodeName, List.of(new AssignedPolicy(seed.policyName(), 1L, policy)));
    }

    /** A coverage sampler with no ovs-vswitchd to ask (an empty run directory under {@code dir}): no sample. */
    static CoverageSampler noVswitchd(Path dir) {
        return new CoverageSampler(VswitchdFlowDumps.inRunDirectory(dir.resolve("no-ovs"), Duration.ofSeconds(1)),
                Clock.systemUTC());
    }

    /** The agent's view of this node; {@code unix:/nonexistent} for OVSDB when there is no OVS (it is then never asked). */
    LocalNode localNode() {
        return localNode(CATALOG);
    }

    LocalNode localNode(NicCatalog catalog) {
        SocketAddressSpec ovsdb = SocketAddressSpec.parse("unix:" + (ovs == null ? "/nonexistent/db.sock" : ovs.dbSocket()));
        return new LocalNode(host, catalog, DeviceNames.none(), NO_VERSIONS, ovsdb, OVSDB_TIMEOUT,
                host.stateDirectory(), Duration.ofSeconds(5));
    }

    /** The commands a plan from the node's state now to the seed's policy would run, as apply would plan them. */
    List<String> plannedCommands() throws Exception {
        return plannedCommands(spec);
    }

    List<String> plannedCommands(PolicySpec policy) throws Exception {
        try (OvsdbClient client = ovsClient()) {
            ObservedNode now = new DiscoveringObserver(host, CATALOG, DeviceNames.none(), NO_VERSIONS, client).observe();
            DesiredNode desired = new NodeConfigResolver(CATALOG)
                    .resolve(List.of(PolicySpecs.toPolicy(seed.policyName(), policy)), now.inventory());
            return new Planner().plan(desired, now, OwnershipStore.in(host.stateDirectory()).load()).steps().stream()
                    .map(s -> s.action().command()).toList();
        }
    }

    PhysicalFunction pf(String netdev) {
        return new DiscoveringObserver(host, CATALOG, DeviceNames.none(), NO_VERSIONS, null).observe().inventory()
                .nicByNetdev(netdev).orElseThrow(() -> new AssertionError("no PF " + netdev + " on " + seed));
    }

    /** The PF whose VFs the seed's policy made (every seed configures one PF). */
    PhysicalFunction pfWithVfs() {
        return new DiscoveringObserver(host, CATALOG, DeviceNames.none(), NO_VERSIONS, null).observe().inventory().nics()
                .stream().filter(pf -> !pf.vfs().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no PF with VFs on " + seed));
    }

    OvsConfig ovsConfig() throws Exception {
        try (OvsdbClient client = ovsClient()) {
            return client.openVswitch();
        }
    }

    /**
     * Every file and link of the nicsim tree (its state and the ownership record included) with its content, hashed;
     * not the apply lock (and its directory), which any apply creates before it looks at the node.
     */
    String treeFingerprint() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Path root = host.sysfsRoot();
        Path stateDirectory = host.stateDirectory();
        Path applyLock = stateDirectory.resolve("lock");
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(applyLock) && !p.equals(stateDirectory)).sorted().toList()) {
                digest.update(root.relativize(path).toString().getBytes());
                if (Files.isSymbolicLink(path)) {
                    digest.update(("->" + Files.readSymbolicLink(path)).getBytes());
                } else if (Files.isRegularFile(path)) {
                    digest.update(Files.readAllBytes(path));
                }
                digest.update((byte) 0);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private OvsdbClient ovsClient() throws Exception {
        return ovs == null ? null : OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()), OVSDB_TIMEOUT);
    }

    @Override
    public void close() throws Exception {
        if (ovs != null) {
            ovs.close();
        }
    }
}
