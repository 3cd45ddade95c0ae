package io.ringvault.restorer.restore;

import java.util.concurrent.ThreadFactory;

/** Threads of a restore's pools: daemons, so a restore in flight never keeps the JVM from stopping. */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
