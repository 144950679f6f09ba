package io.hwoffload.host.ovs;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: a client's helper threads must not keep the JVM alive or hide in a thread dump. */
final class DaemonThreads {
    private DaemonThreads() {
    }

    static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
