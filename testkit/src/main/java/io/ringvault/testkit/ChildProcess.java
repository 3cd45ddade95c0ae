package io.ringvault.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One service running in its own JVM. Output goes to a log file; start-up failures carry the tail of that log.
 * Every child is registered with a JVM shutdown hook, so none outlives the JVM that started it.
 */
final class ChildProcess implements AutoCloseable {
    private static final int LOG_TAIL_LINES = 40;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    /** Set by the reaper before it stops the children: a child launched after that stops itself (see start). */
    private static volatile boolean reaping;

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            reaping = true;
                            LIVE.parallelStream().forEach(child -> child.stop(Duration.ofSeconds(10)));
                        },
                        "ringvault-testkit-reaper"));
    }

    private final String service;
    private final Process process;
    private final Path logFile;
    private long logScannedUpTo;
    private String logCarry = "";
    private volatile long peakResidentBytesAtStop = -1;

    private ChildProcess(String service, Process process, Path logFile) {
        this.service = service;
        this.process = process;
        this.logFile = logFile;
    }

    static ChildProcess start(
            String service, List<String> command, Path workDir, Path logFile, Map<String, String> env) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            ChildProcess child = new ChildProcess(service, builder.start(), logFile);
            LIVE.add(child);
            // Interrupted while starting (Ctrl-C during start-up): the reaper may have looked at LIVE before this
            // child was in it, so the child stops itself rather than outlive the JVM.
            if (reaping) {
                child.stop(Duration.ofSeconds(10));
                throw new ServiceStartException(service, "not started: the JVM is shutting down");
            }
            return child;
        } catch (IOException e) {
            throw new ServiceStartException(service, "could not launch " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived command (for example a storage format) to completion, failing with its log tail. */
    static void runToCompletion(
            String service,
            List<String> command,
            Path workDir,
            Path logFile,
            Map<String, String> env,
            Duration timeout) {
        try (ChildProcess child = start(service, command, workDir, logFile, env)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw child.failure("did not finish within " + timeout.toSeconds() + " s");
            }
            if (child.process.exitValue() != 0) {
                throw child.failure("exited with code " + child.process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceStartException(service, "interrupted", e);
        }
    }

    /**
     * Waits until {@code ready} holds. Fails as soon as the process exits, or when the timeout passes, in both cases
     * with the tail of the log.
     */
    void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                LIVE.remove(this);
                throw failure("exited with code " + process.exitValue() + " during start-up");
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                stop(Duration.ofSeconds(5));
                throw failure("was not ready within " + timeout.toSeconds() + " s (stopped it)");
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(Duration.ofSeconds(5));
                throw new ServiceStartException(service, "interrupted while waiting for start-up", e);
            }
        }
    }

    /**
     * True once the service has written {@code marker} to its log. An open port alone proves nothing: another process
     * may hold it. Reads only what was appended since the last call.
     */
    synchronized boolean logContains(String marker) {
        try (var channel = java.nio.channels.FileChannel.open(logFile)) {
            long size = channel.size();
            if (size <= logScannedUpTo) {
                return false;
            }
            java.nio.ByteBuffer appended = java.nio.ByteBuffer.allocate((int) Math.min(size - logScannedUpTo, 1 << 20));
            channel.read(appended, logScannedUpTo);
            logScannedUpTo += appended.position();
            String text = logCarry + new String(appended.array(), 0, appended.position(), StandardCharsets.ISO_8859_1);
            // Keep the end in case the marker straddles two reads.
            logCarry = text.substring(Math.max(0, text.length() - marker.length()));
            return text.contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    ServiceStartException failure(String what) {
        return new ServiceStartException(
                service, what + "; last lines of " + logFile + ":\n" + String.join("\n", tailOfLog()));
    }

    List<String> tailOfLog() {
        if (!Files.exists(logFile)) {
            return List.of("(no log written)");
        }
        Deque<String> tail = new ArrayDeque<>(LOG_TAIL_LINES);
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
            lines.forEach(line -> {
                if (tail.size() == LOG_TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
        return List.copyOf(tail);
    }

    /** SIGTERM first, so the service shuts down cleanly; SIGKILL after the grace period. */
    void stop(Duration grace) {
        try {
            if (process.isAlive()) {
                // Read the peak before the process and its /proc entry go away.
                peakResidentBytesAtStop = Math.max(peakResidentBytesAtStop, ProcStatus.bytes(process.pid(), "VmHWM"));
                process.destroy();
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    /** SIGKILL at once, as a crash: no shutdown hook runs. */
    void kill() {
        try {
            peakResidentBytesAtStop = Math.max(peakResidentBytesAtStop, ProcStatus.bytes(process.pid(), "VmHWM"));
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    String service() {
        return service;
    }

    /** Peak resident set size of the process in bytes (Linux {@code VmHWM}), or -1 where /proc is not available. */
    long peakResidentBytes() {
        return process.isAlive() ? ProcStatus.bytes(process.pid(), "VmHWM") : peakResidentBytesAtStop;
    }

    /** Current resident set size of the process in bytes (Linux {@code VmRSS}), or -1 where /proc is not available. */
    long residentBytes() {
        return ProcStatus.bytes(process.pid(), "VmRSS");
    }

    static final class ProcStatus {
        static long bytes(long pid, String field) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
                return lines.filter(line -> line.startsWith(field + ":"))
                        .map(line -> line.replaceAll("[^0-9]", ""))
                        .mapToLong(kilobytes -> Long.parseLong(kilobytes) * 1024)
                        .findFirst()
                        .orElse(-1);
            } catch (IOException | UncheckedIOException e) {
                return -1;
            }
        }
    }
}
