package io.hwoffload.cli.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.UntilTerminated;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.cli.cluster.ExternalDevicePluginOptions;
import io.hwoffload.cli.cluster.KubernetesConnection;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.linux.HostVersionProbe;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.host.pciids.PciIdsDatabase;
import io.hwoffload.operator.agent.AgentDevicePlugin;
import io.hwoffload.operator.agent.AgentHttpServer;
import io.hwoffload.operator.agent.AgentMetrics;
import io.hwoffload.operator.agent.BuiltinDevicePlugin;
import io.hwoffload.operator.agent.CoverageSampler;
import io.hwoffload.operator.agent.EvictionDrain;
import io.hwoffload.operator.agent.ExternalDevicePlugin;
import io.hwoffload.operator.agent.LocalNode;
import io.hwoffload.operator.agent.NodeAgent;
import io.hwoffload.operator.agent.NodeReconciler;
import io.hwoffload.operator.agent.VswitchdFlowDumps;
import io.hwoffload.operator.deviceplugin.DevicePluginMetrics;
import io.hwoffload.operator.deviceplugin.NodeDevicePlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

@Command(name = "agent",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Run the node agent (the hwoffload DaemonSet): keep this node converged to its OffloadNodeState and"
                        + " report how offload goes.",
                "",
                "Watches the cluster-scoped OffloadNodeState named after the node. On every spec change, and every"
                        + " --resync so that changes made by hand are undone, it does what 'hwoffload apply' does with"
                        + " the spec's policies: checks them all first (an invalid policy changes nothing), resolves"
                        + " them against this node's NICs, and runs the steps one at a time, then writes the status:"
                        + " the Ready condition (Converged; NotApplicable when no PF here matches; or InvalidPolicy,"
                        + " DisruptionRefused, ManualStepsPending, ApplyFailed with the error and its fix), the NICs, the VFs configured, the steps it ran and"
                        + " those waiting for a person.",
                "",
                "A plan that removes VFs pods may use waits for its policies' rollout (spec.rollout): a slot from the"
                        + " operator within maxUnavailable, then cordon, eviction of the VF pods through the Eviction"
                        + " API, apply, uncordon and, with rollout.verify, measured offload; status.rollout says where it"
                        + " is. --allow-disruption skips the rollout and changes the node in place.",
                "",
                "Every --coverage-interval it dumps the local ovs-vswitchd's datapath flows over its unixctl socket and"
                        + " puts the offloaded share (flows, packets) into status.coverage. Prometheus metrics are at"
                        + " http://<node>:<metrics-port>/metrics, liveness at /healthz, readiness at /readyz.",
                "",
                "The Kubernetes client is configured as kubectl's: the pod's service account in a cluster, else"
                        + " KUBECONFIG or ~/.kube/config, or --kubeconfig. Runs until SIGTERM.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload agent    # in the DaemonSet: NODE_NAME from the downward API, the service account",
                "  hwoffload agent --node worker-1 --kubeconfig ~/.kube/config --sysfs-root /tmp/cx5"
                        + " --ovsdb unix:/tmp/ovs/db.sock --ovs-rundir /tmp/ovs --metrics-port 0"})
public final class AgentCommand implements Callable<Integer> {
    private static final Path DEFAULT_OVS_RUN_DIRECTORY = Path.of("/var/run/openvswitch");
    /** A Kubernetes node name: a DNS subdomain (RFC 1123), as the API server accepts it. */
    private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** How long ovs-vswitchd may take to dump its flows (flows analyze's default; --timeout is OVSDB's). */
    private static final Duration VSWITCHD_TIMEOUT = Duration.ofSeconds(10);
    /** How long SIGTERM waits for the agent to close; Kubernetes' default grace period is 30 s. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", paramLabel = "NAME", defaultValue = "${env:NODE_NAME}",
            description = "This node's Kubernetes name, which is also its OffloadNodeState's (default: $NODE_NAME,"
                    + " which the DaemonSet sets from spec.nodeName).")
    String nodeName;

    @Mixin
    NodeOptions node;

    @Mixin
    ApplyCommand.ApplyOptions apply;

    @Option(names = "--ovs-rundir", paramLabel = "DIR",
            description = "OVS run directory where ovs-vswitchd.<pid>.ctl is found for coverage (default: "
                    + "/var/run/openvswitch).")
    Path ovsRunDirectory;

    @Option(names = "--vswitchd-target", paramLabel = "unix:PATH",
            description = "ovs-vswitchd's unixctl socket, instead of finding it in --ovs-rundir.")
    String vswitchdTarget;

    @Mixin
    MetricsPortOption metricsPort;

    @Option(names = "--resync", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How often the node is converged again without a spec change, which repairs drift"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration resync;

    @Option(names = "--coverage-interval", paramLabel = "DURATION", defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How often the datapath flows are sampled for coverage (default: ${DEFAULT-VALUE}).")
    Duration coverageInterval;

    /** Who serves the node's VFs to the kubelet. */
    enum DevicePluginChoice { builtin, external, none }

    @Option(names = "--device-plugin", paramLabel = "MODE", defaultValue = "builtin",
            description = "builtin (default): the agent is the kubelet device plugin of the policies' pools, a VF"
                    + " Healthy only while offload-ready. external: sriov-network-device-plugin serves them, and the"
                    + " agent restarts its pod on this node when the node's pools change (it reads them only at"
                    + " start). none: the agent leaves the VFs to whoever serves them.")
    DevicePluginChoice devicePluginChoice;

    @Mixin
    ExternalDevicePluginOptions external;

    @Mixin
    DevicePluginDirectories directories;

    @Option(names = "--device-plugin-interval", paramLabel = "DURATION", defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How often the VFs' health is looked at again between reconciles (default: ${DEFAULT-VALUE}).")
    Duration devicePluginInterval;

    @Mixin
    KubernetesConnection kubernetes;

    @Override
    public Integer call() throws IOException {
        String name = nodeName();
        metricsPort.check();
        VswitchdFlowDumps flows = vswitchdFlows();
        if (devicePluginChoice == DevicePluginChoice.external) {
            external.namespace();   // usage errors before the API server is asked
            external.selector();
        }
        SocketAddressSpec ovsdb = node.ovsdbTarget();
        Host host = node.host();
        Path stateDirectory = stateDirectory(host);
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        AgentMetrics metrics = new AgentMetrics(name);
        UntilTerminated lifetime = UntilTerminated.register(SHUTDOWN_TIMEOUT);
        try (KubernetesClient client = kubernetes.connect(node.timeout);
             LocalNode local = new LocalNode(host, node.catalog(), PciIdsDatabase.installed(),
                     HostVersionProbe.system().probe(), ovsdb, node.timeout, stateDirectory, apply.settleTimeout);
             AgentDevicePlugin devicePlugin = devicePlugin(client, name, local, host, metrics, clock);
             EvictionDrain drain = new EvictionDrain(client, name, clock);
             NodeAgent agent = new NodeAgent(client, name,
                     new NodeReconciler(local, apply.allowDisruption, drain, clock),
                     new CoverageSampler(flows, clock), metrics, resync, coverageInterval, clock, devicePlugin,
                     devicePluginInterval);
             AgentHttpServer server = metricsPort.listen(metrics::scrape,
                     () -> agent.isAlive() ? null : "its watch of the OffloadNodeState stopped",
                     () -> agent.isWatching() ? null : "not watching its OffloadNodeState (the API server is away?)")) {
            try {
                agent.start();
            } catch (IllegalStateException e) {
                throw new CommandFailedException(e.getMessage(), e);
            }
            out.println("hwoffload agent: node " + name + ", metrics on port " + server.port() + " (/metrics, /healthz, /readyz)");
            out.flush();
            lifetime.await();
            out.println("hwoffload agent: stopping");
            out.flush();
            return 0;
        } finally {
            lifetime.closed();
        }
    }

    /** The built-in device plugin, the external one's restarter, or null with --device-plugin none. */
    private AgentDevicePlugin devicePlugin(KubernetesClient client, String name, LocalNode local, Host host,
                                           AgentMetrics metrics, Clock clock) {
        DevicePools pools = new DevicePools(local.catalog());
        switch (devicePluginChoice) {
            case none:
                return null;
            case external:
                return new ExternalDevicePlugin(client, name, external.namespace(), external.selector(), pools,
                        () -> local.observe().inventory(), clock);
            default:
                Logger log = LoggerFactory.getLogger(NodeDevicePlugin.class);
                return new BuiltinDevicePlugin(new NodeDevicePlugin(directories.kubelet, host.sysfsRoot(),
                        directories.deviceInfo, Path.of("/dev"), log::info, new DevicePluginMetrics(metrics.registry())),
                        pools, () -> local.observe().inventory(), directories.kubelet, clock);
        }
    }

    private String nodeName() {
        if (nodeName == null || nodeName.isBlank()) {
            throw new UserInputException("--node: no node name; give --node NAME or set NODE_NAME (the DaemonSet sets"
                    + " it from the downward API, fieldRef spec.nodeName)");
        }
        if (nodeName.length() > 253 || !NODE_NAME.matcher(nodeName).matches()) {
            throw new UserInputException("--node '" + nodeName + "' is not a Kubernetes node name: lower-case letters,"
                    + " digits, '-' and '.', at most 253 characters");
        }
        return nodeName;
    }

    private VswitchdFlowDumps vswitchdFlows() {
        if (vswitchdTarget != null && ovsRunDirectory != null) {
            throw new UserInputException("give --ovs-rundir or --vswitchd-target, not both");
        }
        if (vswitchdTarget == null) {
            return VswitchdFlowDumps.inRunDirectory(ovsRunDirectory != null ? ovsRunDirectory : DEFAULT_OVS_RUN_DIRECTORY,
                    VSWITCHD_TIMEOUT);
        }
        try {
            return VswitchdFlowDumps.at(SocketAddressSpec.parse(vswitchdTarget), VSWITCHD_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--vswitchd-target: " + e.getMessage());
        }
    }

    /** The ownership record's directory: --state-dir, else the host's own (as apply keeps it). */
    private Path stateDirectory(Host host) {
        if (apply.stateDirectory != null) {
            return apply.stateDirectory;
        }
        try {
            return host.stateDirectory();
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage() + "; the agent needs a real node (/sys) or a nicsim tree", e);
        }
    }
}
