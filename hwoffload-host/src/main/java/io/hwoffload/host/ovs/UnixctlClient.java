package io.hwoffload.host.ovs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs {@code ovs-appctl}-style commands against a daemon's unixctl socket
 * ({@code <rundir>/ovs-vswitchd.<pid>.ctl}) over JSON-RPC, without the {@code ovs-appctl} binary.
 */
public final class UnixctlClient implements AutoCloseable {
    private final JsonRpcConnection connection;

    private UnixctlClient(JsonRpcConnection connection) {
        this.connection = connection;
    }

    public static UnixctlClient connect(SocketAddressSpec target, Duration timeout) throws JsonRpcException {
        return new UnixctlClient(JsonRpcConnection.open(target, timeout));
    }

    /** Runs a command such as {@code dpctl/dump-flows -m} and returns its text output. */
    public String run(String command, String... args) throws JsonRpcException {
        return connection.call(command, Arrays.asList(args)).asText();
    }

    /**
     * The control socket of {@code daemon} in an OVS run directory: {@code <daemon>.<pid>.ctl}
     * with the pid from {@code <daemon>.pid}, or the only such socket when there is no pid file.
     */
    public static Path controlSocket(Path runDirectory, String daemon) throws IOException {
        if (!Files.isDirectory(runDirectory)) {
            throw new IOException(runDirectory + " is not a directory: pass the OVS run directory"
                    + " (ovs-vswitchd's --pidfile/--unixctl location, usually /var/run/openvswitch)");
        }
        Path pidFile = runDirectory.resolve(daemon + ".pid");
        if (Files.isRegularFile(pidFile)) {
            String pid = Files.readString(pidFile).strip();
            if (!pid.matches("[0-9]{1,10}")) {
                throw new IOException(pidFile + " does not hold a process id");
            }
            Path socket = runDirectory.resolve(daemon + "." + pid + ".ctl");
            if (!Files.exists(socket)) {
                throw new IOException(socket + " does not exist: is " + daemon + " (pid " + pid + ") running?");
            }
            return socket;
        }
        List<Path> sockets = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runDirectory, daemon + ".*.ctl")) {
            entries.forEach(sockets::add);
        }
        if (sockets.size() != 1) {
            throw new IOException(sockets.isEmpty()
                    ? "no " + daemon + ".<pid>.ctl socket in " + runDirectory + ": is " + daemon + " running?"
                    : "several " + daemon + " sockets in " + runDirectory + " and no " + daemon
                      + ".pid to choose: pass one with --target " + sockets);
        }
        return sockets.get(0);
    }

    @Override
    public void close() {
        connection.close();
    }
}
