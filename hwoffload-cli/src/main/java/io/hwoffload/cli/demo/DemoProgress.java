package io.hwoffload.cli.demo;

import io.hwoffload.host.demo.DemoListener;

import java.io.PrintWriter;
import java.util.Locale;

/** The demo's progress on stderr: each stage as it starts, what it did and how long it took. */
final class DemoProgress implements DemoListener {
    private final PrintWriter err;
    private long stageStart;

    DemoProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void started(String stage) {
        stageStart = System.nanoTime();
        err.println("==> " + stage);
        err.flush();
    }

    @Override
    public void detail(String line) {
        err.println("    " + line);
        err.flush();
    }

    @Override
    public void finished(String stage, String outcome) {
        err.printf(Locale.ROOT, "    %s (%.1f s)%n", outcome, (System.nanoTime() - stageStart) / 1e9);
        err.flush();
    }
}
