package io.hwoffload.cli;

import io.hwoffload.host.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the hwoffload command line as a JVM of its own, through {@link HwoffloadCommand#main}, as a shell runs it:
 * what it printed is the bytes that reached the process's real stdout, not what a picocli writer held.
 */
public final class CliProcess {
    private static final long TIMEOUT_MINUTES = 5;

    private CliProcess() {
    }

    /** What one run printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs with the default heap; stdout and stderr are captured. */
    public static Result run(String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("hwo-cli-");
        try {
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            int exitCode = run(List.of(), stdout, stderr, args);
            return new Result(exitCode, Files.readString(stdout), Files.readString(stderr));
        } finally {
            FileTrees.delete(dir);
        }
    }

    /** Runs with {@code jvmOptions}; stdout goes to {@code stdout}, stderr to {@code stderr} (or this JVM's). */
    public static int run(List<String> jvmOptions, Path stdout, Path stderr, String... args)
            throws IOException, InterruptedException {
        Process process = start(jvmOptions, stdout, stderr, args);
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in " + TIMEOUT_MINUTES + " minutes");
        }
        return process.exitValue();
    }

    /** Starts a command that runs until stopped (destroy() sends SIGTERM); the caller waits for it and kills it. */
    public static Process start(List<String> jvmOptions, Path stdout, Path stderr, String... args) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, HwoffloadCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr == null ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.to(stderr.toFile()))
                .start();
    }
}
