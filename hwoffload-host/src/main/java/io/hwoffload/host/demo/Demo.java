package io.hwoffload.host.demo;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.NodeInventory;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.inventory.OvsConfig;
import io.hwoffload.core.plan.Action.ManualStep;
import io.hwoffload.core.plan.CniOvsStart;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.Disruption;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.Step;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.host.FileTrees;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.ApplyException;
import io.hwoffload.host.apply.ApplyListener;
import io.hwoffload.host.apply.ApplyResult;
import io.hwoffload.host.apply.DiscoveringObserver;
import io.hwoffload.host.apply.HostNodeChanges;
import io.hwoffload.host.apply.NodeApplier;
import io.hwoffload.host.apply.OwnershipStore;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.exec.NetworkNamespace;
import io.hwoffload.host.nicsim.NicsimLayouts;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimSummary;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.NicsimTrees;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.nicsim.VethPair;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.PortAttachment;
import io.hwoffload.host.ovs.PrivateOvs;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.host.ovs.UnixctlClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole job on an emulated node: a nicsim NIC of a reference setup's model whose VF/representor pairs are real
 * veth pairs, a real OVS (userspace datapath) in the tree's node namespace, the setup's policy applied by the same
 * engine as {@code hwoffload apply}, two VF "pods" plugged into {@code br-int} the way the policy's CNI plugs them,
 * real ICMP and TCP between them, and the live datapath flows dumped over unixctl.
 *
 * <p>Everything it makes is registered for teardown as soon as it exists; {@link #close()} undoes it all in reverse
 * order, going on past failures. {@code close()} may run on another thread while {@link #run} is under way (a
 * Ctrl-C's shutdown hook): whatever {@code run} makes after that is undone at once and {@code run} fails.
 */
public final class Demo implements AutoCloseable {
    static final String POD_NAMESPACE = "default";
    private static final List<String> POD_NAMES = List.of("demo-a", "demo-b");
    private static final String POD_SUBNET = "10.244.0.";
    private static final int POD_PREFIX_LENGTH = 24;
    /**
     * The stand-in for the CNI controller's OpenFlow pipeline (no OVN or Antrea agent runs here): connection
     * tracking as network policy does it, then L2 forwarding. It makes the datapath flows a CNI makes: a ct action
     * and a recirculation for every IP packet.
     */
    private static final List<String> PIPELINE = List.of(
            "table=0,priority=100,arp,actions=NORMAL",
            "table=0,priority=100,ip,actions=ct(table=1,zone=1)",
            "table=0,priority=0,actions=drop",
            "table=1,priority=100,ct_state=+trk+new,ip,actions=ct(commit,zone=1),NORMAL",
            "table=1,priority=100,ct_state=+trk+est,ip,actions=NORMAL",
            "table=1,priority=0,actions=drop");
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final CommandRunner COMMANDS = CommandRunner.withTimeout(Duration.ofSeconds(15));

    private interface Cleanup {
        void run() throws Exception;
    }

    private final DemoSetup setup;
    private final NicCatalog catalog;
    private final Path workDirectory;
    private final Deque<Cleanup> cleanups = new ArrayDeque<>();
    private boolean closed;

    private Demo(DemoSetup setup, NicCatalog catalog, Path workDirectory) {
        this.setup = setup;
        this.catalog = catalog;
        this.workDirectory = workDirectory;
    }

    /** A demo of {@code setup}, with a fresh work directory under /tmp (short: OVS's unix socket paths are limited). */
    public static Demo prepare(DemoSetup setup, NicCatalog catalog) {
        try {
            Demo demo = new Demo(setup, catalog, Files.createTempDirectory(Path.of("/tmp"), "hwoffload-demo-"));
            demo.register(() -> FileTrees.delete(demo.workDirectory));
            return demo;
        } catch (IOException e) {
            throw new HostException("cannot create the demo's work directory under /tmp: " + e.getMessage());
        }
    }

    /**
     * Applies the policy as {@code hwoffload apply} does. At the vendor's firmware step, where apply stops for a
     * person, nicsim does what the person would (the firmware link, the driver reload) and apply runs again, as
     * after the step on a real node. The result lists that step too, in its place.
     */
    private ApplyResult applyPolicy(SimulatedHost host, DiscoveringObserver observer, OvsdbClient ovsdb,
                                    OffloadPolicy policy, DemoListener listener) {
        NodeApplier applier = new NodeApplier(observer, new HostNodeChanges(host, ovsdb),
                OwnershipStore.in(host.stateDirectory()), SETTLE);
        List<Step> done = new ArrayList<>();
        ApplyListener progress = new ApplyListener() {
            @Override
            public void done(int number, int total, Step step) {
                done.add(step);
                listener.detail("[" + done.size() + "] " + step.action().command());
            }
        };
        while (true) {
            DesiredNode desired = new NodeConfigResolver(catalog).resolve(List.of(policy), observer.observe().inventory());
            try {
                ApplyResult result = applier.apply(desired, true, progress);
                return new ApplyResult(done, result.pending());
            } catch (ApplyException e) {
                Step step = e.manualStep().orElseThrow(() -> e);
                if (!(step.action() instanceof ManualStep manual) || !manual.id().equals("firmware")
                        || host.offloadFirmware().isEmpty() || done.contains(step)) {
                    throw e;
                }
                host.linkFirmware(manual.pf(), host.offloadFirmware().get());
                host.reloadDriver(host.physicalFunctionDriver());
                done.add(step);
                listener.detail("[" + done.size() + "] by hand: " + step.action().command() + " (nicsim: linked the "
                        + host.offloadFirmware().get() + " firmware, reloaded " + host.physicalFunctionDriver() + ")");
            }
        }
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public DemoResult run(DemoListener listener) {
        long start = System.nanoTime();
        OffloadPolicy policy = DemoSetups.nodePolicy(setup);
        List<OffloadPolicy> policies = DemoSetups.policies(setup);

        listener.started("emulated NIC");
        Path tree = workDirectory.resolve("sysfs");
        SimulatedHost host = new NicsimTreeBuilder(catalog, NicsimLayouts.bundled()).create(tree, setup.model(), NicsimBoot.DEFAULTS, true);
        register(() -> NicsimTrees.destroy(tree));
        NicsimSummary nic = host.summary();
        String namespace = nic.nodeNamespace().orElseThrow();
        listener.finished("emulated NIC", nic.product() + " as nicsim laid it out at " + tree + "; its netdevs live in"
                + " network namespace " + namespace + " and one per VF");

        listener.started("Open vSwitch");
        PrivateOvs ovs = startOvs(namespace, policy);
        OvsdbClient ovsdb = connect(ovs);
        String ovsVersion = ovsVersion();
        listener.finished("Open vSwitch", "ovsdb-server and ovs-vswitchd " + ovsVersion + " (userspace datapath) in "
                + namespace + ", run directory " + ovs.runDirectory());

        listener.started("apply policy " + policy.name());
        DiscoveringObserver observer = new DiscoveringObserver(host, catalog, DeviceNames.none(),
                new HostVersions(null, null, null, ovsVersion), ovsdb);
        ApplyResult applied = applyPolicy(host, observer, ovsdb, policy, listener);
        long byHand = applied.applied().stream().filter(s -> s.action().isManual()).count();
        listener.finished("apply policy " + policy.name(), (applied.changes() - byHand) + " steps applied"
                + (byHand == 0 ? "" : ", " + byHand + " by hand (emulated by nicsim)"));

        listener.started("OVS settings");
        // The demo has no kernel datapath: the policy's bridges run in userspace like br-int.
        for (OvsBridge bridge : readOvs(ovsdb).bridges()) {
            ovsdb(() -> ovsdb.setDatapathType(bridge.name(), "netdev"));
        }
        boolean restart = applied.pending().contains(Disruption.VSWITCHD_RESTART);
        if (restart) {
            ovs.restartVswitchd();
        }
        listener.finished("OVS settings", restart ? "restarted ovs-vswitchd, which reads other_config at start"
                : "nothing OVS reads only at start changed");

        listener.started("CNI");
        String bridge = CniPorts.INTEGRATION_BRIDGE;
        ovsdb(() -> ovsdb.addBridge(bridge));
        ovsdb(() -> ovsdb.setDatapathType(bridge, "netdev"));
        ovs.awaitBridge(bridge);
        COMMANDS.run(ovs.ofctl("del-flows", bridge)).requireSuccess();
        for (String flow : PIPELINE) {
            COMMANDS.run(ovs.ofctl("add-flow", bridge, flow)).requireSuccess();
        }
        listener.finished("CNI", bridge + " with a stand-in pipeline of " + PIPELINE.size() + " OpenFlow rules"
                + " (conntrack, then L2 forwarding)");

        listener.started("pods");
        NodeInventory inventory = observer.observe().inventory();
        List<VethPair> pairs = host.summary().vethPairs();
        VfAssignment assignment = new VfAssignment(policies, policy, inventory, pairs);
        List<AdvertisedPool> pools = assignment.advertisedPools();
        List<DemoPod> pods = assignment.pods(POD_NAMES, POD_NAMESPACE, POD_SUBNET, POD_PREFIX_LENGTH);
        List<PortAttachment> ports = new ArrayList<>();
        for (DemoPod pod : pods) {
            PortAttachment port = CniPorts.attachment(policy.cni(), pod);
            plug(ovs, ovsdb, namespace, pod, port);
            ports.add(port);
            listener.detail(pod.name() + ": VF " + pod.vfNetdev() + " " + pod.cidr() + " in " + pod.netns()
                    + ", representor " + pod.representor() + " on " + bridge);
        }
        listener.finished("pods", pods.size() + " pods plugged the way " + policy.cni().type().label() + " plugs them");

        listener.started("traffic");
        List<TrafficResult> traffic = List.of(PodTraffic.ping(pods.get(0), pods.get(1)), PodTraffic.tcp(pods.get(0), pods.get(1)));
        traffic.forEach(t -> listener.detail(t.protocol() + " " + t.from() + " -> " + t.to() + ": " + t.detail()));
        listener.finished("traffic", traffic.stream().allMatch(TrafficResult::passed) ? "every exchange went through"
                : "some traffic did not go through");

        listener.started("datapath flows");
        String dump = dumpFlows(ovs);
        String source = "ovs-vswitchd " + ovs.controlSocket() + " (dpctl/dump-flows -m --names)";
        listener.finished("datapath flows", dump.lines().filter(l -> l.contains("actions:")).count()
                + " flows dumped live over unixctl");

        return new DemoResult(setup, nic.product(), policy.cni().type().label(), ovsVersion, namespace,
                applied.applied(), restart, pools, pods, ports, traffic, source, dump,
                Duration.ofNanos(System.nanoTime() - start));
    }

    // ---- stages -----------------------------------------------------------------------------------

    /** OVS as the policy's CNI starts it, before any agent runs (CniOvsStart: Kube-OVN's hw-offload). */
    private PrivateOvs startOvs(String namespace, OffloadPolicy policy) {
        Path runDirectory = workDirectory.resolve("ovs");
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new HostException("cannot create " + runDirectory + ": " + e.getMessage());
        }
        // max-idle: the flows the traffic made are still in the datapath when the demo dumps them.
        Map<String, String> otherConfig = new TreeMap<>(Map.of("max-idle", "60000"));
        otherConfig.putAll(CniOvsStart.otherConfig(policy));
        PrivateOvs ovs = PrivateOvs.start(new NetworkNamespace(namespace), runDirectory, otherConfig);
        register(ovs::close);
        return ovs;
    }

    private OvsdbClient connect(PrivateOvs ovs) {
        OvsdbClient client = ovsdbResult(() -> OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()), SETTLE));
        register(client::close);
        return client;
    }

    /** Gives a pod its VF address and plugs the VF's representor into br-int, then waits for the link to be up. */
    private void plug(PrivateOvs ovs, OvsdbClient ovsdb, String nodeNamespace, DemoPod pod, PortAttachment port) {
        CommandRunner inPod = COMMANDS.inNamespace(new NetworkNamespace(pod.netns()));
        // No IPv6: router solicitations and MLD reports would add flows nobody sent.
        inPod.run("sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1").requireSuccess();
        inPod.run("ip", "addr", "replace", pod.cidr(), "dev", pod.vfNetdev()).requireSuccess();
        // A veth leaves TCP checksums to "hardware", and the userspace datapath's conntrack would mark such packets
        // invalid; Kube-OVN turns tx checksumming off in pods on a userspace datapath for the same reason.
        inPod.run("ethtool", "-K", pod.vfNetdev(), "tx", "off").requireSuccess();
        inPod.run("ip", "link", "set", pod.vfNetdev(), "up").requireSuccess();
        COMMANDS.inNamespace(new NetworkNamespace(nodeNamespace)).run("ip", "link", "set", pod.representor(), "up").requireSuccess();
        ovsdb(() -> ovsdb.addPort(CniPorts.INTEGRATION_BRIDGE, port));
        COMMANDS.run(ovs.vsctl("wait-until", "Interface", pod.representor(), "link_state=up")).requireSuccess();
    }

    private static String dumpFlows(PrivateOvs ovs) {
        try (UnixctlClient unixctl = UnixctlClient.connect(SocketAddressSpec.parse("unix:" + ovs.controlSocket()), SETTLE)) {
            // By name: the ports are the pods' representors, which the report totals by pod.
            return unixctl.run("dpctl/dump-flows", "-m", "--names");
        } catch (JsonRpcException e) {
            throw new HostException("dumping the datapath flows failed: " + e.getMessage());
        }
    }

    private static String ovsVersion() {
        String first = COMMANDS.run("ovs-vswitchd", "--version").requireSuccess().stdout().lines().findFirst()
                .orElse("");
        return first.substring(first.lastIndexOf(' ') + 1);
    }

    // ---- teardown -----------------------------------------------------------------------------------

    /** Registers an undo; when the demo is closed already (Ctrl-C), runs it at once and stops the run. */
    private void register(Cleanup cleanup) {
        synchronized (cleanups) {
            if (!closed) {
                cleanups.push(cleanup);
                return;
            }
        }
        try {
            cleanup.run();
        } catch (Exception e) {
            // The demo is being torn down already; the teardown reports its own failures.
        }
        throw new HostException("the demo was stopped");
    }

    /** Undoes everything in reverse order; goes on past failures and reports them all. Later calls do nothing. */
    @Override
    public void close() {
        List<Cleanup> undo;
        synchronized (cleanups) {
            closed = true;
            undo = new ArrayList<>(cleanups);
            cleanups.clear();
        }
        HostException failure = null;
        for (Cleanup cleanup : undo) {
            try {
                cleanup.run();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new HostException("tearing the demo down failed; look for leftovers under " + workDirectory
                            + " and in 'ip netns list'");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    // ---- OVSDB and command plumbing ---------------------------------------------------------------------

    private interface OvsdbCall {
        void run() throws JsonRpcException;
    }

    private interface OvsdbQuery<T> {
        T get() throws JsonRpcException;
    }

    private static void ovsdb(OvsdbCall call) {
        ovsdbResult(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T ovsdbResult(OvsdbQuery<T> query) {
        try {
            return query.get();
        } catch (JsonRpcException e) {
            throw new HostException("OVSDB: " + e.getMessage());
        }
    }

    private static OvsConfig readOvs(OvsdbClient ovsdb) {
        return ovsdbResult(ovsdb::openVswitch);
    }
}
