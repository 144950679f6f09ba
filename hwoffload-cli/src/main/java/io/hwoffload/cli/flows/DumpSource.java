package io.hwoffload.cli.flows;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.flows.version.Version;
import io.hwoffload.host.ovs.JsonRpcException;
import io.hwoffload.host.ovs.SocketAddressSpec;
import io.hwoffload.host.ovs.UnixctlClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a datapath flow dump comes from: a file, standard input, or a running ovs-vswitchd. */
sealed interface DumpSource {

    /** A reader over the dump's text; for a live source, a fresh dump each time. */
    BufferedReader open();

    /** What to call the source in reports. */
    String description();

    default boolean isLive() {
        return false;
    }

    /** The OVS that makes the dump, where the source can say (a live ovs-vswitchd answers {@code version}). */
    default Optional<Version> ovsVersion() {
        return Optional.empty();
    }

    /** Receives a dump's lines with their 1-based numbers, headers and blank lines included. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(int lineNumber, String text);
    }

    /** Reads the dump once, line by line, without keeping it. */
    default void forEachLine(LineConsumer lines) {
        try (BufferedReader reader = open()) {
            int lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lines.accept(++lineNumber, line);
            }
        } catch (IOException e) {
            throw new CommandFailedException("reading " + description() + " failed: " + e.getMessage(), e);
        }
    }

    record FileSource(Path path) implements DumpSource {
        @Override
        public BufferedReader open() {
            try {
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new UserInputException("dump file " + path + " does not exist: pass a file saved from"
                        + " 'ovs-appctl dpctl/dump-flows -m', '-' for stdin, or --target/--ovs-rundir for a live dump");
            } catch (IOException e) {
                throw new UserInputException("cannot read dump file " + path + ": " + e.getMessage());
            }
        }

        @Override
        public String description() {
            return path.toString();
        }
    }

    record StdinSource(InputStream in) implements DumpSource {
        @Override
        public BufferedReader open() {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        @Override
        public String description() {
            return "stdin";
        }
    }

    /** {@code dpctl/dump-flows -m} over the unixctl JSON-RPC socket: no ovs-appctl binary needed. */
    record LiveSource(SocketAddressSpec target, boolean names, Duration timeout) implements DumpSource {
        @Override
        public BufferedReader open() {
            List<String> args = new ArrayList<>(List.of("-m"));
            if (names) {
                args.add("--names");
            }
            try (UnixctlClient client = UnixctlClient.connect(target, timeout)) {
                return new BufferedReader(new StringReader(client.run("dpctl/dump-flows", args.toArray(String[]::new))));
            } catch (JsonRpcException e) {
                throw new CommandFailedException(e.getMessage()
                        + " (is ovs-vswitchd running, and is this its unixctl socket, <rundir>/ovs-vswitchd.<pid>.ctl?)", e);
            }
        }

        @Override
        public String description() {
            return "ovs-vswitchd at " + target.text();
        }

        @Override
        public boolean isLive() {
            return true;
        }

        /** unixctl {@code version}: "ovs-vswitchd (Open vSwitch) 3.1.0". */
        @Override
        public Optional<Version> ovsVersion() {
            try (UnixctlClient client = UnixctlClient.connect(target, timeout)) {
                return Version.find(client.run("version").replaceFirst("^[^)]*\\)", ""));
            } catch (JsonRpcException e) {
                throw new CommandFailedException(e.getMessage()
                        + " (is ovs-vswitchd running, and is this its unixctl socket, <rundir>/ovs-vswitchd.<pid>.ctl?)", e);
            }
        }
    }

    static LiveSource inRunDirectory(Path runDirectory, boolean names, Duration timeout) {
        try {
            Path socket = UnixctlClient.controlSocket(runDirectory, "ovs-vswitchd");
            return new LiveSource(SocketAddressSpec.parse("unix:" + socket), names, timeout);
        } catch (IOException e) {
            throw new UserInputException("--ovs-rundir: " + e.getMessage());
        }
    }
}
