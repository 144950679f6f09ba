package io.hwoffload.cli.flows;

import io.hwoffload.cli.HwoffloadCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the hwoffload command line in a JVM of its own limited to 256 MiB, which exits on running out. */
final class SmallHeapCli {
    private SmallHeapCli() {
    }

    /** The exit status; what the command printed goes to {@code stdout}. */
    static int run(Path stdout, String... args) throws IOException, InterruptedException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, HwoffloadCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 5 minutes");
        }
        return process.exitValue();
    }
}
