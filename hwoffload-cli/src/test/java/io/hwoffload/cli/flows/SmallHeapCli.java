package io.hwoffload.cli.flows;

import io.hwoffload.cli.CliProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs the hwoffload command line in a JVM of its own limited to 256 MiB, which exits on running out. */
final class SmallHeapCli {
    private SmallHeapCli() {
    }

    /** The exit status; what the command printed goes to {@code stdout}. */
    static int run(Path stdout, String... args) throws IOException, InterruptedException {
        return CliProcess.run(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), stdout, null, args);
    }
}
