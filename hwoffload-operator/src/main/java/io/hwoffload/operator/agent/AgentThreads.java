package io.hwoffload.operator.agent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The agent's own threads: daemon, named {@code hwoffload-agent-<job>-<n>} so that a thread dump says whose they are. */
final class AgentThreads {
    static final String PREFIX = "hwoffload-agent-";

    private AgentThreads() {
    }

    static ThreadFactory named(String job) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, PREFIX + job + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
