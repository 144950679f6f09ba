package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.cni.OvsPortRow;
import io.hwoffload.core.cni.PodPorts;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.OvsdbClient;
import io.hwoffload.host.ovs.PortRows;
import io.hwoffload.host.ovs.SocketAddressSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code --by pod} learns whose each port is: the OVSDB rows the CNIs write their pod keys on, read live from
 * ovsdb-server or from saved {@code ovs-vsctl --format=json list} output.
 */
final class PodPortsOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--by", paramLabel = "pod",
            description = "pod: also total the flows by the pod whose port they enter or leave by, and the rest by"
                    + " port role (uplink and other system ports, internal, patch, tunnel). Pods are named by the keys"
                    + " their CNI writes on the port's OVSDB rows (Kube-OVN, Antrea, OVN-Kubernetes).")
    String by;

    @Option(names = "--ports", paramLabel = "FILE",
            description = "Saved dumps with --by pod: the output of 'ovs-vsctl --format=json list Interface' (and of"
                    + " 'list Port', in the same file or another), taken with the dump. The dump must name its"
                    + " ports (dpctl/dump-flows --names).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--ovsdb", paramLabel = "SOCKET",
            description = "Live dumps with --by pod: ovsdb-server's socket (unix:PATH or tcp:IP:PORT); default"
                    + " <rundir>/db.sock with --ovs-rundir.")
    String ovsdb;

    /** Whether {@code --by pod} was asked; a live dump is then taken with port names, which the OVSDB rows name. */
    boolean byPod(DumpSourceOptions dump) {
        boolean byPod = byPod();
        if (byPod && dump.file == null) {
            dump.names = true;
        }
        return byPod;
    }

    private boolean byPod() {
        if (by == null) {
            if (!files.isEmpty() || ovsdb != null) {
                throw new UserInputException("--ports and --ovsdb say whose each port is for --by pod; add --by pod");
            }
            return false;
        }
        if (!by.equals("pod")) {
            throw new UserInputException("--by: '" + by + "' is not a grouping; the one there is: pod");
        }
        return true;
    }

    /** Whose each port is, from the files or live from OVSDB. */
    PodPorts ports(DumpSourceOptions dump, Duration timeout) {
        if (!files.isEmpty()) {
            return PodPorts.of(fromFiles());
        }
        SocketAddressSpec socket = socket(dump);
        try (OvsdbClient client = OvsdbClient.connect(socket, timeout)) {
            return PodPorts.of(client.portRows());
        } catch (JsonRpcException e) {
            throw new CommandFailedException("reading the ports from ovsdb-server at " + socket.text() + " failed: "
                    + e.getMessage() + " (give its socket with --ovsdb, or saved rows with --ports)", e);
        }
    }

    private SocketAddressSpec socket(DumpSourceOptions dump) {
        if (ovsdb != null) {
            try {
                return SocketAddressSpec.parse(ovsdb);
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--ovsdb: " + e.getMessage());
            }
        }
        if (dump.ovsRunDirectory != null) {
            return SocketAddressSpec.parse("unix:" + dump.ovsRunDirectory.resolve("db.sock"));
        }
        throw new UserInputException("--by pod needs to know whose each port is: for a saved dump give --ports FILE"
                + " ('ovs-vsctl --format=json list Interface'), live give --ovsdb SOCKET or --ovs-rundir DIR");
    }

    private List<OvsPortRow> fromFiles() {
        List<JsonNode> documents = new ArrayList<>();
        for (Path file : files) {
            try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(Files.newInputStream(file))) {
                values.forEachRemaining(documents::add);
            } catch (NoSuchFileException e) {
                throw new UserInputException("--ports: no such file: " + file);
            } catch (IOException | RuntimeJsonMappingException e) {
                throw new UserInputException("--ports: " + file + " is not 'ovs-vsctl --format=json list' output: "
                        + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        try {
            return PortRows.fromVsctlJson(documents);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--ports: " + e.getMessage());
        }
    }
}
