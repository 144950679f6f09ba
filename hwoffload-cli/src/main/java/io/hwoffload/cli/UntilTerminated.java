package io.hwoffload.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The life of a command that runs until SIGTERM (or an interrupt, for an embedding caller): a shutdown hook ends
 * the wait and then waits, up to a timeout, for the command to close what it runs, because the JVM exits as soon
 * as its hooks return.
 */
public final class UntilTerminated {
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Duration closeTimeout;
    private final Thread hook = new Thread(this::terminate, "hwoffload-shutdown");

    private UntilTerminated(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    /** Registers the hook; the command then calls {@link #closed} when all it ran is closed. */
    public static UntilTerminated register(Duration closeTimeout) {
        UntilTerminated lifetime = new UntilTerminated(closeTimeout);
        Runtime.getRuntime().addShutdownHook(lifetime.hook);
        return lifetime;
    }

    /** Until terminated. */
    public void await() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            // The interrupt is the stop request and is handled here: the command then closes as on SIGTERM.
        }
    }

    /** Waits up to {@code period}; true when the command is to stop (SIGTERM or an interrupt). */
    public boolean awaitFor(Duration period) {
        try {
            return terminated.await(period.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return true;
        }
    }

    private void terminate() {
        terminated.countDown();
        try {
            closed.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything is closed: a pending SIGTERM may let the JVM exit; otherwise the hook is not needed any more. */
    public void closed() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running and now returns
        }
    }
}
