package io.hwoffload.operator.agent;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.inventory.HostVersions;
import io.hwoffload.core.plan.DesiredNode;
import io.hwoffload.core.plan.ObservedNode;
import io.hwoffload.core.plan.Plan;
import io.hwoffload.core.plan.Planner;
import io.hwoffload.host.Host;
import io.hwoffload.host.HostException;
import io.hwoffload.host.apply.ApplyListener;
import io.hwoffload.host.apply.ApplyResult;
import io.hwoffload.host.apply.DiscoveringObserver;
import io.hwoffload.host.apply.HostNodeChanges;
import io.hwoffload.host.apply.NodeApplier;
import io.hwoffload.host.apply.OwnershipStore;
import io.hwoffload.host.discovery.DeviceNames;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.ReconnectingOvsdbClient;
import io.hwoffload.host.ovs.SocketAddressSpec;

import java.nio.file.Path;
import java.time.Duration;

/**
 * This node's NICs and OVS as the agent reads and changes them: the same discovery, applier and ownership record as
 * {@code hwoffload apply}. The OVSDB connection is opened the first time a spec sets OVS (a DPU host runs no OVS, and
 * ovsdb-server may start after the agent) and then kept, reconnecting across ovsdb-server restarts.
 */
public final class LocalNode implements AutoCloseable {
    private final Host host;
    private final NicCatalog catalog;
    private final DeviceNames deviceNames;
    private final HostVersions versions;
    private final SocketAddressSpec ovsdbTarget;
    private final Duration ovsdbTimeout;
    private final OwnershipStore ownership;
    private final Duration settleTimeout;
    private ReconnectingOvsdbClient ovsdb;
    private boolean closed;

    /**
     * @param stateDirectory where the ownership record is kept ({@code --state-dir}, else the host's own)
     * @param settleTimeout  how long a step's effect may take to show (new VFs appear asynchronously)
     */
    public LocalNode(Host host, NicCatalog catalog, DeviceNames deviceNames, HostVersions versions,
                     SocketAddressSpec ovsdbTarget, Duration ovsdbTimeout, Path stateDirectory, Duration settleTimeout) {
        this.host = host;
        this.catalog = catalog;
        this.deviceNames = deviceNames;
        this.versions = versions;
        this.ovsdbTarget = ovsdbTarget;
        this.ovsdbTimeout = ovsdbTimeout;
        this.ownership = OwnershipStore.in(stateDirectory);
        this.settleTimeout = settleTimeout;
    }

    public NicCatalog catalog() {
        return catalog;
    }

    /** What the node has now, without OVS: reads only, never connects to OVSDB. */
    public ObservedNode observe() {
        return new DiscoveringObserver(host, catalog, deviceNames, versions, null).observe();
    }

    /** Converges the node to {@code desired} as {@code hwoffload apply} does; throws {@code ApplyException}. */
    public ApplyResult apply(DesiredNode desired, boolean allowDisruption, ApplyListener listener) {
        ReconnectingOvsdbClient ovs = ovsdbFor(desired);
        NodeApplier applier = new NodeApplier(new DiscoveringObserver(host, catalog, deviceNames, versions, ovs),
                new HostNodeChanges(host, ovs), ownership, settleTimeout);
        return applier.apply(desired, allowDisruption, listener);
    }

    /** The plan from here to {@code desired} as apply would make it now: what is left after an apply stopped. */
    public Plan plan(DesiredNode desired) {
        ReconnectingOvsdbClient ovs = ovsdbFor(desired);
        ObservedNode now = new DiscoveringObserver(host, catalog, deviceNames, versions, ovs).observe();
        return new Planner().plan(desired, now, ownership.load());
    }

    /** The OVSDB connection when {@code desired} sets OVS, else null (OVS is then neither read nor changed). */
    private synchronized ReconnectingOvsdbClient ovsdbFor(DesiredNode desired) {
        if (desired.ovs() == null) {
            return null;
        }
        if (closed) {
            throw new HostException("the agent is stopping: OVSDB is closed");
        }
        if (ovsdb == null) {
            try {
                ovsdb = ReconnectingOvsdbClient.connect(ovsdbTarget, ovsdbTimeout);
            } catch (JsonRpcException e) {
                throw new HostException("OVSDB " + ovsdbTarget.text() + " is not reachable (" + e.getMessage()
                        + "); the policy sets OVS: start ovsdb-server, or give the agent --ovsdb unix:PATH | tcp:HOST:PORT", e);
            }
        }
        return ovsdb;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ovsdb != null) {
            ovsdb.close();
            ovsdb = null;
        }
    }
}
