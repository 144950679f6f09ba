package io.hwoffload.host.apply;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.inventory.IpAddressing;
import io.hwoffload.core.plan.Action.MoveAddressing;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.NodeConfigResolver;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.core.plan.Step;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.IpConfig;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.exec.NetworkNamespace;
import io.hwoffload.host.exec.PrivateNetworkNamespace;
import io.hwoffload.host.nicsim.NicsimBoot;
import io.hwoffload.host.nicsim.NicsimTreeBuilder;
import io.hwoffload.host.nicsim.NicsimTrees;
import io.hwoffload.host.nicsim.SimulatedHost;
import io.hwoffload.host.ovs.HostFootprint;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.PrivateOvs;
import io.hwoffload.host.ovs.SocketAddressSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Seed 004's DPU bridge with real addresses: a BlueField-2 DPU emulated by nicsim with real netdevs, its uplink
 * {@code p0} a veth in the DPU's namespace wired to a gateway namespace the test makes (192.168.40.254/22), and OVS
 * (userspace datapath) in the DPU's namespace with bridge {@code brp0}. The DPU policy takes p0 into brp0; its address
 * and routes must move to brp0 in the same step, the gateway answering throughout, and go back on reset. A failure
 * half-way leaves everything where it was. Nothing of the host's own network is touched.
 */
class UplinkAddressMoveTest {
    private static final NicCatalog CATALOG = NicCatalog.bundled();
    private static final String DPU_ADDRESS = "192.168.41.127/22";
    private static final String GATEWAY = "192.168.40.254";
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @TempDir
    Path temp;
    private HostFootprint before;
    private PrivateNetworkNamespace gateway;
    private Path tree;
    private SimulatedHost dpu;
    private CommandRunner inDpu;
    private PrivateOvs ovs;
    private OvsdbClient ovsdb;

    @BeforeEach
    void dpuWiredToAGateway() throws Exception {
        before = HostFootprint.take();
        tree = temp.resolve("dpu");
        dpu = NicsimTreeBuilder.bundled().create(tree, "nvidia-bluefield2-dpu", NicsimBoot.DEFAULTS, true);
        NetworkNamespace dpuNamespace = new NetworkNamespace(dpu.nodeNamespace().orElseThrow());
        inDpu = CommandRunner.withTimeout(Duration.ofSeconds(20)).inNamespace(dpuNamespace);
        gateway = PrivateNetworkNamespace.create();
        run(CommandRunner.withTimeout(Duration.ofSeconds(20)), "ip", "link", "add", "p0", "netns", dpuNamespace.name(),
                "type", "veth", "peer", "name", "gw0", "netns", gateway.namespace().name());
        gateway.ipInside("addr", "add", GATEWAY + "/22", "dev", "gw0");
        gateway.ipInside("link", "set", "gw0", "up");
        run(inDpu, "ip", "addr", "add", DPU_ADDRESS, "dev", "p0");
        run(inDpu, "ip", "link", "set", "p0", "up");
        run(inDpu, "ip", "route", "add", "default", "via", GATEWAY, "dev", "p0");
        run(inDpu, "ip", "route", "add", "10.20.0.0/16", "via", GATEWAY, "dev", "p0", "metric", "50");
        ovs = PrivateOvs.start(dpuNamespace, Files.createDirectory(temp.resolve("ovs")), Map.of());
        ovsdb = OvsdbClient.connect(SocketAddressSpec.parse("unix:" + ovs.dbSocket()), SETTLE);
        // The bridge as a userspace one (this machine has no kernel datapath to give it); the policy adds its ports.
        ovsdb.addBridge("brp0");
        ovsdb.setDatapathType("brp0", "netdev");
        ovs.awaitBridge("brp0");
        assertThat(pingsTheGateway()).as("the DPU reaches its gateway through p0").isTrue();
    }

    @AfterEach
    void removeEverything() throws Exception {
        if (ovsdb != null) {
            ovsdb.close();
        }
        if (ovs != null) {
            ovs.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        NicsimTrees.destroy(tree);
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @Test
    void theUplinksAddressAndRoutesMoveToTheBridgeInOneStepAndComeBackOnReset() throws Exception {
        DiscoveringObserver observer = observer(dpu);
        DesiredNode desired = new NodeConfigResolver(CATALOG).resolve(dpuPolicy(), observer.observe().inventory());

        Plan plan = new Planner().plan(desired, observer.observe());
        Step move = plan.steps().stream().filter(s -> s.action() instanceof MoveAddressing).findFirst().orElseThrow();
        assertThat(move.action().command()).isEqualTo("ip link set brp0 up && ip addr add 192.168.41.127/22 dev brp0"
                + " && ovs-vsctl add-port brp0 p0 && ip route replace default via 192.168.40.254 dev brp0"
                + " && ip route replace 10.20.0.0/16 via 192.168.40.254 dev brp0 metric 50"
                + " && ip addr del 192.168.41.127/22 dev p0");
        assertThat(move.why()).contains("p0 holds 192.168.41.127/22 and the routes default via 192.168.40.254")
                .contains("a port of a bridge takes no IP traffic itself");
        assertThat(plan.steps()).noneMatch(s -> s.action().command().equals("ovs-vsctl add-port brp0 p0"));

        NodeApplier applier = applier(dpu);
        applier.apply(desired, true, ApplyListener.SILENT);

        IpAddressing onBridge = dpu.ipConfig().addressing("brp0").orElseThrow();
        assertThat(onBridge.addresses()).containsExactly(DPU_ADDRESS);
        assertThat(onBridge.routes()).containsExactlyInAnyOrder(new IpAddressing.Route("default", GATEWAY, null),
                new IpAddressing.Route("10.20.0.0/16", GATEWAY, 50));
        assertThat(dpu.ipConfig().addressing("p0").orElseThrow()).isEqualTo(IpAddressing.NONE);
        assertThat(ovsdb.openVswitch().bridge("brp0").orElseThrow().ports()).contains("p0", "pf0hpf");
        assertThat(pingsTheGateway()).as("the DPU reaches its gateway through brp0 and OVS").isTrue();
        assertThat(applier.apply(desired, true, ApplyListener.SILENT).changes()).as("a second apply").isZero();

        DesiredNode reset = new NodeConfigResolver(CATALOG).resolveReset(OwnershipStore.in(dpu.stateDirectory()).load(),
                observer.observe().inventory());
        applier.apply(reset, true, ApplyListener.SILENT);

        assertThat(dpu.ipConfig().addressing("p0").orElseThrow().addresses()).containsExactly(DPU_ADDRESS);
        assertThat(dpu.ipConfig().addressing("p0").orElseThrow().routes()).hasSize(2);
        assertThat(dpu.ipConfig().addressing("brp0").orElseThrow()).isEqualTo(IpAddressing.NONE);
        assertThat(ovsdb.openVswitch().bridge("brp0").orElseThrow().ports()).doesNotContain("p0", "pf0hpf");
        assertThat(pingsTheGateway()).as("the DPU reaches its gateway through p0 again").isTrue();
    }

    /** The routes cannot be moved (the kernel refuses): what moved goes back, and the DPU keeps its network. */
    @Test
    void aFailureHalfWayLeavesTheAddressesWhereTheyWere() throws Exception {
        Host failing = failingRoutes(dpu);
        DiscoveringObserver observer = observer(failing);
        DesiredNode desired = new NodeConfigResolver(CATALOG).resolve(dpuPolicy(), observer.observe().inventory());

        ApplyException failure = catchThrowableOfType(ApplyException.class,
                () -> applier(failing).apply(desired, true, ApplyListener.SILENT));

        assertThat(failure).hasMessageContaining("moving 192.168.41.127/22 from p0 to brp0 failed, and what had moved"
                + " went back").hasMessageContaining("injected: RTNETLINK answers: Network is unreachable")
                .hasMessageNotContaining("could not undo");
        IpAddressing onUplink = dpu.ipConfig().addressing("p0").orElseThrow();
        assertThat(onUplink.addresses()).containsExactly(DPU_ADDRESS);
        assertThat(onUplink.routes()).containsExactlyInAnyOrder(new IpAddressing.Route("default", GATEWAY, null),
                new IpAddressing.Route("10.20.0.0/16", GATEWAY, 50));
        assertThat(dpu.ipConfig().addressing("brp0").orElseThrow().addresses()).isEmpty();
        assertThat(ovsdb.openVswitch().bridge("brp0").orElseThrow().ports()).doesNotContain("p0");
        assertThat(pingsTheGateway()).as("the DPU still reaches its gateway through p0").isTrue();
    }

    private static List<OffloadPolicy> dpuPolicy() throws Exception {
        return SeedNode.policies(new SeedNode.Seed("bluefield2-ovn-kubernetes", "bluefield2-dpu", "nvidia-bluefield2-dpu"))
                .stream().filter(p -> p.name().equals("bluefield2-dpu")).toList();
    }

    private DiscoveringObserver observer(Host host) {
        return new DiscoveringObserver(host, CATALOG, DeviceNames.none(), new HostVersions(null, null, null, null), ovsdb);
    }

    private NodeApplier applier(Host host) {
        return new NodeApplier(observer(host), new HostNodeChanges(host, ovsdb), OwnershipStore.in(host.stateDirectory()),
                SETTLE);
    }

    /** {@code host}, whose route changes the kernel refuses, as it does a gateway it cannot reach. */
    private static Host failingRoutes(SimulatedHost host) {
        IpConfig real = host.ipConfig();
        IpConfig refusingRoutes = (IpConfig) Proxy.newProxyInstance(IpConfig.class.getClassLoader(),
                new Class<?>[] {IpConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("replaceRoute")) {
                        throw new HostException("injected: RTNETLINK answers: Network is unreachable");
                    }
                    return invoke(method, real, args);
                });
        return (Host) Proxy.newProxyInstance(Host.class.getClassLoader(), new Class<?>[] {Host.class},
                (proxy, method, args) -> method.getName().equals("ipConfig") ? refusingRoutes : invoke(method, host, args));
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private boolean pingsTheGateway() {
        return inDpu.run("ping", "-c", "1", "-W", "2", GATEWAY).succeeded()
                || inDpu.run("ping", "-c", "1", "-W", "2", GATEWAY).succeeded();
    }

    private static CommandResult run(CommandRunner commands, String... argv) {
        return commands.run(argv).requireSuccess();
    }
}
