package io.hwoffload.cli.node;

import io.hwoffload.cli.CatalogOption;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.DurationConverter;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.doctor.OvsState;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.Hosts;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.SocketAddressSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Where a node command looks: the sysfs root (real or nicsim), the NIC catalog, and OVSDB. */
final class NodeOptions {

    @Option(names = "--sysfs-root", paramLabel = "DIR", defaultValue = "/sys",
            description = "Directory laid out like /sys: /sys itself (default), a nicsim tree"
                    + " (hwoffload nicsim create), or a copy made with dev/capture-sysfs.")
    Path sysfsRoot;

    @Mixin
    CatalogOption catalogOption;

    @Option(names = "--ovsdb", paramLabel = "TARGET", defaultValue = "unix:/var/run/openvswitch/db.sock",
            description = "OVSDB server for the OVS version and settings: unix:PATH or tcp:HOST:PORT"
                    + " (default: ${DEFAULT-VALUE}).")
    String ovsdb;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long to wait for OVSDB (and, for the agent, the API server at start; default:"
                    + " ${DEFAULT-VALUE}).")
    Duration timeout;

    NicCatalog catalog() {
        return catalogOption.catalog();
    }

    Host host() {
        return host(sysfsRoot);
    }

    /** The host behind a --sysfs-root: the real one for /sys, nicsim's for a nicsim tree. */
    static Host host(Path sysfsRoot) {
        if (!Files.isDirectory(sysfsRoot.resolve("bus/pci/devices"))) {
            throw new UserInputException("--sysfs-root " + sysfsRoot + ": no bus/pci/devices in it; give /sys,"
                    + " a nicsim tree (hwoffload nicsim create --model MODEL --root DIR) or a dev/capture-sysfs copy");
        }
        try {
            return Hosts.open(sysfsRoot);
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    OvsState ovs() {
        try (OvsdbClient client = OvsdbClient.connect(ovsdbTarget(), timeout)) {
            return OvsState.reachable(ovsdb, client.openVswitch());
        } catch (JsonRpcException e) {
            return OvsState.unreachable(ovsdb, e.getMessage());
        }
    }

    SocketAddressSpec ovsdbTarget() {
        try {
            return SocketAddressSpec.parse(ovsdb);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--ovsdb: " + e.getMessage());
        }
    }

    /** A connection for changing OVS; failing to reach it is a failure, not a usage error. */
    OvsdbClient connectOvsdb() {
        try {
            return OvsdbClient.connect(ovsdbTarget(), timeout);
        } catch (JsonRpcException e) {
            throw new CommandFailedException(e.getMessage() + "; the policy sets OVS: start ovsdb-server or give"
                    + " --ovsdb unix:PATH | tcp:HOST:PORT", e);
        }
    }

    String ovsdbText() {
        return ovsdb;
    }
}
