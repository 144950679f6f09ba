package io.hwoffload.cli.node;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.core.plan.OwnershipRecord;
import io.hwoffload.core.plan.PlanException;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.DiscoveringObserver;
import io.hwoffload.host.apply.HostNodeChanges;
import io.hwoffload.host.apply.NodeApplier;
import io.hwoffload.host.apply.OwnershipStore;
import io.hwoffload.host.linux.HostVersionProbe;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.pciids.PciIdsDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One node as plan, apply and reset see it: the host behind the sysfs root, the catalog, and an OVSDB
 * connection when the desired state touches OVS. Closing it closes the connection.
 */
final class NodeSession implements AutoCloseable {
    private final NodeOptions options;
    private final Host host;
    private final NicCatalog catalog;
    private final HostVersions versions;
    private OvsdbClient ovsdb;
    private String ovsUnreachable;

    private NodeSession(NodeOptions options) {
        this.options = options;
        this.host = options.host();
        this.catalog = options.catalog();
        this.versions = HostVersionProbe.system().probe();
    }

    static NodeSession open(NodeOptions options) {
        return new NodeSession(options);
    }

    NicCatalog catalog() {
        return catalog;
    }

    /**
     * Connects to OVSDB when {@code desired} sets OVS. With {@code required} an unreachable server fails the
     * command; without (plan, dry run), OVS steps are planned as if nothing were set, and {@link #ovsNote} says so.
     */
    void connectOvsFor(DesiredNode desired, boolean required) {
        if (desired.ovs() == null || ovsdb != null) {
            return;
        }
        if (required) {
            ovsdb = options.connectOvsdb();
            return;
        }
        try {
            ovsdb = OvsdbClient.connect(options.ovsdbTarget(), options.timeout);
        } catch (JsonRpcException e) {
            ovsUnreachable = e.getMessage();
        }
    }

    Optional<String> ovsNote() {
        return Optional.ofNullable(ovsUnreachable).map(reason -> "OVSDB " + options.ovsdbText() + " not reachable ("
                + reason + "): OVS steps are planned as if nothing were set");
    }

    ObservedNode observe() {
        try {
            return observer().observe();
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage(), e);
        }
    }

    NodeApplier applier(Path stateDirectory, Duration settleTimeout) {
        return new NodeApplier(observer(), new HostNodeChanges(host, ovsdb), OwnershipStore.in(stateDirectory),
                settleTimeout);
    }

    /** The ownership record's directory: {@code --state-dir}, else the host's own. */
    Path stateDirectory(Path override) {
        if (override != null) {
            return override;
        }
        try {
            return host.stateDirectory();
        } catch (HostException e) {
            throw new CommandFailedException(e.getMessage() + "; apply needs a real node (/sys) or a nicsim tree", e);
        }
    }

    /** The ownership record apply would start from; empty where there is none (or no place for one). */
    OwnershipRecord ownershipRecord(Path override) {
        try {
            return OwnershipStore.in(stateDirectory(override)).load();
        } catch (CommandFailedException | HostException e) {
            return OwnershipRecord.EMPTY;
        }
    }

    static CommandFailedException failure(PlanException e) {
        return new CommandFailedException(e.getMessage(), e);
    }

    private DiscoveringObserver observer() {
        return new DiscoveringObserver(host, catalog, PciIdsDatabase.installed(), versions, ovsdb);
    }

    @Override
    public void close() {
        if (ovsdb != null) {
            ovsdb.close();
        }
    }
}
