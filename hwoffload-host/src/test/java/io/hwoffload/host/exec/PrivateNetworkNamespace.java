package io.hwoffload.host.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of a test's own ({@code hwo-t<random>}), with veth pairs whose both ends are created inside
 * it, so nothing ever appears in the host's namespace. {@link #close()} deletes the namespace and with it every
 * link in it. Built on ProcessBuilder, not on the CommandRunner under test.
 */
public final class PrivateNetworkNamespace implements AutoCloseable {
    private final NetworkNamespace namespace;

    private PrivateNetworkNamespace(NetworkNamespace namespace) {
        this.namespace = namespace;
    }

    public static PrivateNetworkNamespace create() throws IOException {
        String suffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
        PrivateNetworkNamespace ns = new PrivateNetworkNamespace(new NetworkNamespace("hwo-t" + suffix));
        ip("netns", "add", ns.namespace.name());
        return ns;
    }

    public NetworkNamespace namespace() {
        return namespace;
    }

    /** Adds a veth pair {@code a <-> b} inside the namespace (both ends down). */
    public void addVethPair(String a, String b) throws IOException {
        ip("link", "add", a, "netns", namespace.name(), "type", "veth", "peer", "name", b, "netns", namespace.name());
    }

    /** Runs {@code ip <args>} inside the namespace and returns its output; fails unless it exits 0. */
    public String ipInside(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("netns", "exec", namespace.name(), "ip"));
        argv.addAll(List.of(args));
        return ip(argv.toArray(String[]::new));
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(Path.of("/run/netns", namespace.name()))) {
            ip("netns", "del", namespace.name());
        }
    }

    private static String ip(String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/usr/sbin/ip"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", argv), e);
        }
        return output;
    }
}
