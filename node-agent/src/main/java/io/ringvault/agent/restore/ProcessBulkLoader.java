package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link BulkLoad} by the operator's loader ({@code $CASSANDRA_HOME/bin/sstableloader}) as a child process, as the
 * {@link BulkLoaderCommand} says. Bounded: one load at a time on this agent (each is a JVM streaming to many nodes),
 * and each within {@code timeout}, after which the loader and its children are killed. Its output (standard output and
 * error together) is read as it comes: the progress is logged every ten percent, the summary at the end, and a failure
 * carries the loader's last lines.
 */
public final class ProcessBulkLoader implements BulkLoad {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessBulkLoader.class);
    /** Lines of the loader's output a failure's detail shows. */
    static final int SHOWN_LINES = 12;
    /** How long the output of a loader that ended may take to drain. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    private final BulkLoaderCommand command;
    private final Duration timeout;
    private final String node;
    private final Semaphore oneAtATime = new Semaphore(1, true);

    /**
     * @param command the loader's command line
     * @param timeout how long one table's load may run, waiting for another load included
     * @param node this node, as details name it (host id and address)
     */
    public ProcessBulkLoader(BulkLoaderCommand command, Duration timeout, String node) {
        this.command = command;
        this.timeout = timeout;
        this.node = node;
    }

    @Override
    public BulkLoadResult stream(String keyspace, String table, Path directory) {
        String name = keyspace + "." + table;
        long started = System.nanoTime();
        boolean acquired = false;
        try {
            acquired = oneAtATime.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (!acquired) {
                throw failure(name, "another bulk load on this node did not end within " + timeout, null);
            }
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            return run(name, directory, left, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(name, "the agent was stopped while the bulk loader ran", null);
        } finally {
            if (acquired) {
                oneAtATime.release();
            }
        }
    }

    private BulkLoadResult run(String name, Path directory, Duration left, long started) throws InterruptedException {
        LOG.info("bulk load started node={} table={} command={}", node, name, command.describe(directory));
        Process process;
        try {
            process = new ProcessBuilder(command.arguments(directory))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw failure(name, "cannot start " + command.program() + ": " + e.getMessage(), null);
        }
        try {
            // The loader reads nothing: a closed input makes a prompt fail instead of wait.
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("bulk loader input not closed error={}", e.toString());
        }
        BulkLoaderOutput output = new BulkLoaderOutput(SHOWN_LINES);
        Thread reader = new Thread(() -> read(process, output, name), "bulk-loader-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(Math.max(0, left.toNanos()), TimeUnit.NANOSECONDS)) {
                kill(process);
                reader.join(DRAIN.toMillis());
                throw failure(name, "the bulk loader did not end within " + timeout + " and was stopped", output);
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(DRAIN.toMillis());
        int exit = process.exitValue();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        synchronized (output) {
            if (exit != 0) {
                throw failure(name, "the bulk loader exited with " + exit, output);
            }
            if (output.hostsFailed()) {
                throw failure(name, "the bulk loader reported hosts it could not stream to", output);
            }
            BulkLoadResult result = new BulkLoadResult(output.filesTransferred(), output.bytesTransferred(), elapsed);
            LOG.info(
                    "bulk load done node={} table={} files={} bytes={} elapsedMs={}",
                    node,
                    name,
                    result.filesTransferred(),
                    result.bytesTransferred(),
                    elapsed.toMillis());
            return result;
        }
    }

    /** Reads the loader's output to its end: lines end with {@code \n}, or {@code \r} where the progress is redrawn. */
    private void read(Process process, BulkLoaderOutput output, String name) {
        StringBuilder line = new StringBuilder();
        int lastLogged = -10;
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c != '\n' && c != '\r') {
                        line.append(c);
                        continue;
                    }
                    if (line.isEmpty()) {
                        continue;
                    }
                    String text = command.redact(line.toString());
                    line.setLength(0);
                    OptionalInt percent;
                    synchronized (output) {
                        percent = output.accept(text);
                    }
                    if (percent.isPresent() && (percent.getAsInt() >= lastLogged + 10 || percent.getAsInt() == 100)) {
                        lastLogged = percent.getAsInt();
                        LOG.info("bulk load progress node={} table={} percent={}", node, name, lastLogged);
                    } else if (percent.isEmpty()) {
                        LOG.debug("bulk loader node={} table={}: {}", node, name, text);
                    }
                }
            }
            if (!line.isEmpty()) {
                synchronized (output) {
                    output.accept(command.redact(line.toString()));
                }
            }
        } catch (IOException e) {
            // The process ended or was killed while its output was read: what was read is what there is.
            LOG.debug("bulk loader output ended node={} table={} error={}", node, name, e.toString());
        }
    }

    /** Stops the loader and whatever it started (a shell script's JVM): a stream left running would go on writing. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RestoreException failure(String table, String why, BulkLoaderOutput output) {
        String detail = "cannot stream " + table + " from " + node + ": " + why;
        if (output != null) {
            synchronized (output) {
                detail += "; the loader's last lines: " + output.tail();
            }
        }
        LOG.warn("bulk load failed node={} table={} detail={}", node, table, detail);
        return new RestoreException(FailureReason.BULK_LOAD_FAILED, detail);
    }
}
