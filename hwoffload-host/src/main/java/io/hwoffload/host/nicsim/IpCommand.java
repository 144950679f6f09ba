package io.hwoffload.host.nicsim;

import io.hwoffload.host.HostException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} as an argv list, without a shell, with a timeout; a failure says what and why. */
final class IpCommand {
    private static final List<String> SEARCH_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
    private static final long TIMEOUT_SECONDS = 15;

    private final String binary;

    private IpCommand(String binary) {
        this.binary = binary;
    }

    private record Result(String command, int exit, String output) {
    }

    /** The host's {@code ip}; fails naming the package to install when there is none. */
    static IpCommand find() {
        return SEARCH_PATH.stream().map(dir -> Path.of(dir, "ip")).filter(Files::isExecutable).findFirst()
                .map(path -> new IpCommand(path.toString()))
                .orElseThrow(() -> new HostException("real netdevs need iproute2's ip, found in none of " + SEARCH_PATH
                        + ": apt-get install -y iproute2"));
    }

    /** {@code ip <args>}; throws unless it exits 0. */
    void run(String... args) {
        Result result = exec(args);
        if (result.exit() != 0) {
            throw new HostException(result.command() + " failed (exit " + result.exit() + "): " + result.output().strip());
        }
    }

    /** {@code ip <args>}, for a question such as "does this link exist": whether it exited 0. */
    boolean succeeds(String... args) {
        return exec(args).exit() == 0;
    }

    private Result exec(String... args) {
        List<String> argv = new ArrayList<>(List.of(binary));
        argv.addAll(List.of(args));
        String command = String.join(" ", argv);
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new HostException(command + " did not finish within " + TIMEOUT_SECONDS + "s");
            }
            return new Result(command, process.exitValue(), output.join());
        } catch (IOException e) {
            throw new HostException(command + " could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException(command + " was interrupted", e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
