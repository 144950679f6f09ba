package io.hwoffload.operator.agent;

import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.host.ovs.UnixctlClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code dpctl/dump-flows -m} from the local ovs-vswitchd over its unixctl socket. With a run directory the socket
 * ({@code ovs-vswitchd.<pid>.ctl}) is looked up on every dump, because its name changes when ovs-vswitchd restarts.
 */
public final class VswitchdFlowDumps implements FlowDumps {
    private interface SocketLookup {
        SocketAddressSpec find() throws IOException;
    }

    private final SocketLookup socket;
    private final String description;
    private final Duration timeout;

    private VswitchdFlowDumps(SocketLookup socket, String description, Duration timeout) {
        this.socket = socket;
        this.description = description;
        this.timeout = timeout;
    }

    /** The ovs-vswitchd whose pid file and control socket are in {@code runDirectory} (usually /var/run/openvswitch). */
    public static VswitchdFlowDumps inRunDirectory(Path runDirectory, Duration timeout) {
        return new VswitchdFlowDumps(
                () -> SocketAddressSpec.parse("unix:" + UnixctlClient.controlSocket(runDirectory, "ovs-vswitchd")),
                "ovs-vswitchd in " + runDirectory, timeout);
    }

    /** The ovs-vswitchd listening on {@code target} ({@code unix:PATH}). */
    public static VswitchdFlowDumps at(SocketAddressSpec target, Duration timeout) {
        return new VswitchdFlowDumps(() -> target, "ovs-vswitchd at " + target.text(), timeout);
    }

    /** The dump's text; fails when there is no socket or ovs-vswitchd does not answer in time. */
    @Override
    public String dump() throws IOException, JsonRpcException {
        try (UnixctlClient client = UnixctlClient.connect(socket.find(), timeout)) {
            return client.run("dpctl/dump-flows", "-m");
        }
    }

    @Override
    public String description() {
        return description;
    }
}
