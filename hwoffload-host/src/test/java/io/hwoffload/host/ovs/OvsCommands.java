package io.hwoffload.host.ovs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands for a private OVS (no shell, with its OVS_RUNDIR environment), their output kept as
 * numbered files in the run directory, for the test OVS instances ({@link OvsSandbox}, {@link LocalOvsdbServer}).
 */
final class OvsCommands {
    private final Path runDir;
    private final Map<String, String> env;
    private int commands;

    OvsCommands(Path runDir) {
        this.runDir = runDir;
        this.env = Map.of("OVS_RUNDIR", runDir.toString(), "OVS_LOGDIR", runDir.toString(),
                "OVS_DBDIR", runDir.toString(), "OVS_SYSCONFDIR", runDir.toString());
    }

    /** A process with the OVS environment and output to numbered files, started and not waited for. */
    Process start(List<String> argv) throws IOException {
        int n = ++commands;
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(runDir.resolve("cmd-" + n + ".out").toFile())
                .redirectError(runDir.resolve("cmd-" + n + ".err").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A daemon with the OVS environment and output appended to {@code <name>.stdout/.stderr} (across restarts). */
    Process daemon(String name, List<String> argv) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve(name + ".stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(runDir.resolve(name + ".stderr").toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Runs argv and returns whatever it exited with; fails only on a timeout. */
    OvsSandbox.Result exec(List<String> argv, Duration timeout) throws Exception {
        int n = commands + 1;
        Process process = start(argv);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", argv) + " did not finish within " + timeout.toSeconds() + "s");
        }
        return new OvsSandbox.Result(argv, process.exitValue(),
                Files.readString(runDir.resolve("cmd-" + n + ".out"), StandardCharsets.UTF_8),
                Files.readString(runDir.resolve("cmd-" + n + ".err"), StandardCharsets.UTF_8));
    }

    /** Runs argv; fails unless it exits 0 within {@code timeout}. */
    OvsSandbox.Result run(List<String> argv, Duration timeout) throws Exception {
        OvsSandbox.Result result = exec(argv, timeout);
        if (result.exit() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited with " + result.exit()
                    + ": " + result.stderr().strip() + " " + result.stdout().strip());
        }
        return result;
    }
}
