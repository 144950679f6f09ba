package io.hwoffload.host.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs a program as an argv list, never through a shell, with a timeout, and returns its exit code and output.
 * Optionally inside a network namespace ({@code ip netns exec <ns> <argv>}), so tests can run host commands
 * against interfaces of their own.
 *
 * <p>The program is looked up in the system directories only, not in the inherited {@code PATH}, so the
 * environment cannot substitute another {@code devlink}. Output is in the C locale, which is what callers parse.
 * A non-zero exit is a result, not an exception: the caller knows what the exit means.
 */
public final class CommandRunner {
    /** Where Debian, Fedora and hand installs put iproute2, ethtool and friends. */
    public static final List<Path> SYSTEM_PATH = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"),
            Path.of("/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));
    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final Duration timeout;
    private final Optional<NetworkNamespace> namespace;

    private CommandRunner(Duration timeout, Optional<NetworkNamespace> namespace) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command timeout must be positive, not " + timeout);
        }
        this.timeout = timeout;
        this.namespace = namespace;
    }

    /** Runs commands in the caller's own network namespace, killing any that takes longer than {@code timeout}. */
    public static CommandRunner withTimeout(Duration timeout) {
        return new CommandRunner(timeout, Optional.empty());
    }

    /** This runner, but every command runs inside {@code namespace} (which must exist). */
    public CommandRunner inNamespace(NetworkNamespace namespace) {
        return new CommandRunner(timeout, Optional.of(namespace));
    }

    public CommandResult run(String... argv) {
        return run(List.of(argv));
    }

    /**
     * Runs {@code argv} (program name first, then its arguments, each passed as is) and waits for it.
     *
     * @throws CommandException when the program is not installed, cannot start, or runs past the timeout
     */
    public CommandResult run(List<String> argv) {
        List<String> command = command(argv);
        String described = describe(argv);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("LC_ALL", "C");
            process = builder.start();
        } catch (IOException e) {
            throw new CommandException("cannot start " + described + ": " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            OutputCollector stdout = OutputCollector.start(process.getInputStream(), "stdout");
            OutputCollector stderr = OutputCollector.start(process.getErrorStream(), "stderr");
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // 'ip netns exec' execs the program, so this kills the program itself.
                process.destroyForcibly().waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                throw new CommandException(described + " did not finish within " + seconds(timeout) + "; it was killed");
            }
            return new CommandResult(argv, process.exitValue(), stdout.text(described), stderr.text(described));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while waiting for " + described, e);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new CommandException("cannot read the output of " + described + ": " + e.getMessage(), e);
        }
    }

    private List<String> command(List<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        for (String arg : argv) {
            if (arg == null || arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command arguments must not be null or contain NUL: " + argv);
            }
        }
        List<String> command = new ArrayList<>();
        namespace.ifPresent(ns -> command.addAll(List.of(program("ip", argv).toString(), "netns", "exec", ns.name())));
        command.add(program(argv.get(0), argv).toString());
        command.addAll(argv.subList(1, argv.size()));
        return command;
    }

    /** Where program {@code name} (a bare name such as devlink) is in {@link #SYSTEM_PATH}, if it is installed. */
    public static Optional<Path> locate(String name) {
        if (!PROGRAM.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a program name (a bare name such as devlink,"
                    + " looked up in " + searchPath() + ")");
        }
        return SYSTEM_PATH.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    private Path program(String name, List<String> argv) {
        return locate(name).orElseThrow(() -> new CommandException("cannot run " + describe(argv) + ": no program '"
                + name + "' in " + searchPath() + "; install the package that provides it"));
    }

    private String describe(List<String> argv) {
        String line = "'" + String.join(" ", argv) + "'";
        return namespace.map(ns -> line + " in network namespace " + ns.name()).orElse(line);
    }

    private static String searchPath() {
        return SYSTEM_PATH.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    /** Drains one output stream on its own thread, so that a full stderr pipe cannot block a program writing stdout. */
    private static final class OutputCollector {
        private final Thread thread;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile IOException failure;

        private OutputCollector(InputStream in, String name) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException e) {
                    failure = e;
                }
            }, "hwoffload-command-" + name);
            thread.setDaemon(true);
        }

        static OutputCollector start(InputStream in, String name) {
            OutputCollector collector = new OutputCollector(in, name);
            collector.thread.start();
            return collector;
        }

        String text(String command) throws InterruptedException, IOException {
            thread.join(KILL_GRACE.toMillis());
            if (thread.isAlive()) {
                throw new CommandException(command + " exited, but a process it started still holds its output open");
            }
            if (failure != null) {
                throw failure;
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
