package io.hwoffload.cli.node;

import io.hwoffload.cli.CatalogOption;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.cli.UntilTerminated;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.deviceplugin.DevicePool;
import io.hwoffload.core.deviceplugin.DevicePools;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.discovery.NodeDiscoverer;
import io.hwoffload.host.pciids.PciIdsDatabase;
import io.hwoffload.host.sysfs.SysfsTree;
import io.hwoffload.operator.agent.AgentHttpServer;
import io.hwoffload.operator.deviceplugin.DevicePluginMetrics;
import io.hwoffload.operator.deviceplugin.NodeDevicePlugin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "device-plugin",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Serve the policies' resource pools to the kubelet (device plugin API v1beta1), one endpoint per pool,"
                        + " on a node configured with 'hwoffload apply': what sriov-network-device-plugin does with a"
                        + " config file, but a VF is Healthy only while it is offload-ready (bound to its driver,"
                        + " eSwitch in the policy's mode, representor present, hw-tc-offload on), and the node is"
                        + " looked at again every --interval, so VFs made or repaired later reach pods without a"
                        + " restart. Registers again when the kubelet restarts. Runs until SIGTERM.",
                "",
                "Allocate gives a container what sriov-network-device-plugin gives: PCIDEVICE_<PREFIX>_<NAME> with the"
                        + " VFs' PCI addresses, the VFs' /dev/vfio or /dev/infiniband devices, and the device-info file"
                        + " Multus passes to the CNI.",
                "",
                "Prometheus metrics, the agent's hwoffload_device_plugin_* series, are at"
                        + " http://<node>:<metrics-port>/metrics; /readyz answers 200 while every pool is registered"
                        + " with the kubelet, /healthz while the process runs.",
                ""},
        footer = {"",
                "Example:",
                "  hwoffload device-plugin -f /etc/hwoffload/policy.yaml"})
public final class DevicePluginCommand implements Callable<Integer> {
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final HostVersions NOT_PROBED = new HostVersions(null, null, null, null);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", required = true,
            description = "A policy file (repeat for more); the pools of the policies that select a PF here are served.")
    List<Path> policyFiles;

    @Option(names = "--sysfs-root", paramLabel = "DIR", defaultValue = "/sys",
            description = "Directory laid out like /sys: /sys itself (default) or a nicsim tree.")
    Path sysfsRoot;

    @Mixin
    CatalogOption catalog;

    @Mixin
    DevicePluginDirectories directories;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How often the VFs' health is looked at again and the kubelet checked (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Mixin
    MetricsPortOption metricsPort;

    @Override
    public Integer call() throws IOException {
        List<OffloadPolicy> policies = PolicyFiles.readAll(policyFiles);
        if (policies.stream().allMatch(p -> p.resourcePools().isEmpty())) {
            throw new UserInputException("-f: no policy has spec.resourcePools; there is nothing to serve");
        }
        metricsPort.check();
        if (!Files.isDirectory(directories.kubelet)) {
            throw new UserInputException("--kubelet-dir " + directories.kubelet + ": no such directory; give the kubelet's"
                    + " device plugin directory (/var/lib/kubelet/device-plugins)");
        }
        Host host = NodeOptions.host(sysfsRoot);
        NicCatalog nics = catalog.catalog();
        NodeDiscoverer discoverer = new NodeDiscoverer(nics, PciIdsDatabase.installed());
        DevicePools devicePools = new DevicePools(nics);
        PrintWriter err = spec.commandLine().getErr();
        UntilTerminated lifetime = UntilTerminated.register(SHUTDOWN_TIMEOUT);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (NodeDevicePlugin plugin = new NodeDevicePlugin(directories.kubelet, host.sysfsRoot(), directories.deviceInfo,
                Path.of("/dev"), line -> log(err, line), new DevicePluginMetrics(registry));
             AgentHttpServer server = metricsPort.listen(registry::scrape, () -> null,
                     () -> plugin.isRegistered() ? null : "not every pool is registered with the kubelet")) {
            log(err, "metrics on port " + server.port() + " (/metrics, /healthz)");
            do {
                List<DevicePool> pools = devicePools.of(policies, discoverer.discover(new SysfsTree(host.sysfsRoot()),
                        host, NOT_PROBED));
                if (pools.isEmpty() && plugin.pools().isEmpty()) {
                    log(err, "no policy selects a PF on this node yet; looking again every " + interval.toSeconds() + "s");
                }
                plugin.update(pools);
            } while (!lifetime.awaitFor(interval));
            log(err, "stopping: endpoints closed");
            return 0;
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage(), e);
        } finally {
            lifetime.closed();
        }
    }

    private static void log(PrintWriter err, String line) {
        err.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " hwoffload device-plugin: " + line);
        err.flush();
    }
}
