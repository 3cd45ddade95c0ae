package io.ringvault.systemtest;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.Directories;
import io.ringvault.testkit.LocalStack;
import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The shared toolkit of the benchmark drivers ({@link BackupBenchmark}, {@link RestoreBenchmark}): random-blob data
 * generation, StorageService over JMX, child commands, CPU and load readings from {@code /proc}, and formatting.
 */
final class BenchSupport {
    static final int ROW_BYTES = 128 * 1024;
    static final int IN_FLIGHT = 64;
    static final int WRITE_ATTEMPTS = 5;
    static final long GIB = 1L << 30;
    private static final Set<Process> COMMANDS = ConcurrentHashMap.newKeySet();

    static {
        // The baselines' commands (cp, sync, aws) are ours to stop too when a benchmark is interrupted.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> COMMANDS.forEach(Process::destroyForcibly), "bench-commands"));
    }

    private BenchSupport() {}

    // ---- data ----

    static CqlSession session(CassandraEndpoint node, Duration requestTimeout) {
        return CqlSession.builder()
                .addContactPoint(node.cql())
                .withLocalDatacenter(node.datacenter())
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, requestTimeout)
                        .build())
                .build();
    }

    /** A keyspace of replication factor 1 and tables {@code (id int PRIMARY KEY, payload blob)}. */
    static void createBlobTables(CqlSession session, String keyspace, List<String> tables) {
        session.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
        for (String table : tables) {
            // Compression off: 1 GiB on disk is 1 GiB to move. Compaction off: the SSTables stay as flushed (and as
            // imported), and no compaction competes with the backups or restores for the two cores.
            session.execute("CREATE TABLE IF NOT EXISTS " + keyspace + "." + table
                    + " (id int PRIMARY KEY, payload blob) WITH compression = {'enabled':'false'}"
                    + " AND compaction = {'class':'SizeTieredCompactionStrategy','enabled':'false'}");
        }
    }

    /**
     * Concurrent inserts of {@code rows} random blobs round-robin over {@code tables}, at most {@link #IN_FLIGHT} at a
     * time, each retried a few times; progress is logged every tenth once there are {@code progressFromRows} rows.
     */
    static void writeRandomRows(
            CqlSession session,
            String keyspace,
            List<String> tables,
            long rows,
            long progressFromRows,
            AtomicLong retries)
            throws InterruptedException {
        List<PreparedStatement> inserts = tables.stream()
                .map(t -> session.prepare("INSERT INTO " + keyspace + "." + t + " (id, payload) VALUES (?, ?)"))
                .toList();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long tenth = Math.max(1, rows / 10);
        for (long row = 0; row < rows && failure.get() == null; row++) {
            byte[] payload = new byte[ROW_BYTES];
            ThreadLocalRandom.current().nextBytes(payload);
            BoundStatement insert = inserts.get((int) (row % tables.size()))
                    .bind((int) (row / tables.size()), ByteBuffer.wrap(payload))
                    .setIdempotent(true);
            inFlight.acquire();
            send(session, insert, 1, inFlight, failure, retries);
            if (rows >= progressFromRows && (row + 1) % tenth == 0) {
                log("  %d%% written", (row + 1) * 100 / rows);
            }
        }
        inFlight.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("writes failed after " + WRITE_ATTEMPTS + " attempts", failure.get());
        }
    }

    private static void send(
            CqlSession session,
            BoundStatement insert,
            int attempt,
            Semaphore inFlight,
            AtomicReference<Throwable> failure,
            AtomicLong retries) {
        session.executeAsync(insert).whenComplete((result, error) -> {
            if (error == null) {
                inFlight.release();
            } else if (attempt < WRITE_ATTEMPTS) {
                retries.incrementAndGet();
                send(session, insert, attempt + 1, inFlight, failure, retries);
            } else {
                failure.compareAndSet(null, error);
                inFlight.release();
            }
        });
    }

    /** StorageService over plain JMX, as the node agent reaches it: no Cassandra classes here. */
    static final class Jmx implements AutoCloseable {
        private final JMXConnector connector;
        private final MBeanServerConnection server;
        private final ObjectName storageService;

        Jmx(String url) throws IOException {
            this.connector = JMXConnectorFactory.connect(new JMXServiceURL(url));
            this.server = connector.getMBeanServerConnection();
            try {
                this.storageService = new ObjectName("org.apache.cassandra.db:type=StorageService");
            } catch (javax.management.MalformedObjectNameException e) {
                throw new IllegalStateException(e);
            }
        }

        void flush(String keyspace) throws Exception {
            invoke("forceKeyspaceFlush", new Object[] {keyspace, new String[0]}, String.class, String[].class);
        }

        void snapshot(String tag, String keyspace) throws Exception {
            invoke(
                    "takeSnapshot",
                    new Object[] {tag, new HashMap<String, String>(), new String[] {keyspace}},
                    String.class,
                    Map.class,
                    String[].class);
        }

        void clearSnapshot(String tag, String keyspace) throws Exception {
            invoke("clearSnapshot", new Object[] {tag, new String[] {keyspace}}, String.class, String[].class);
        }

        /** A major compaction into one SSTable (no split); returns when it is done. */
        void compact(String keyspace, String table) throws Exception {
            invoke(
                    "forceKeyspaceCompaction",
                    new Object[] {false, keyspace, new String[] {table}},
                    boolean.class,
                    String.class,
                    String[].class);
        }

        private void invoke(String operation, Object[] arguments, Class<?>... signature) throws Exception {
            server.invoke(
                    storageService,
                    operation,
                    arguments,
                    Stream.of(signature).map(Class::getName).toArray(String[]::new));
        }

        @Override
        public void close() throws IOException {
            connector.close();
        }
    }

    // ---- child commands ----

    /**
     * The environment for {@code aws} against the stack's object store. Credentials in the child's environment only; no
     * profile or config file of this machine's user applies.
     */
    static Map<String, String> awsEnvironment(ObjectStoreEndpoint s3, Path work) {
        return Map.of(
                "AWS_ACCESS_KEY_ID", s3.accessKey(),
                "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
                "AWS_DEFAULT_REGION", s3.region(),
                "AWS_CONFIG_FILE", work.resolve("aws-config-none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                        work.resolve("aws-credentials-none").toString(),
                "AWS_EC2_METADATA_DISABLED", "true");
    }

    /** Runs a command to completion with its output appended to {@code log}; fails on a non-zero exit. */
    static void exec(Path log, Map<String, String> env, String... command) throws Exception {
        Files.writeString(
                log,
                "$ " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        COMMANDS.add(process);
        try {
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 30 minutes; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + process.exitValue() + "; see " + log);
            }
        } finally {
            COMMANDS.remove(process);
        }
    }

    // ---- processes and the machine ----

    /** The processes of a local stack by short name ("cassandra", not "cassandra (…)"); none for another stack. */
    static Map<String, Long> stackPids(Stack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (stack instanceof LocalStack local) {
            local.pids().forEach((service, pid) -> {
                int bracket = service.indexOf(" (");
                pids.put(bracket > 0 ? service.substring(0, bracket) : service, pid);
            });
        }
        return pids;
    }

    /** The {@code -X} flags of a JVM's command line, each in backquotes. */
    static String processJvmFlags(long pid) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Stream.of(cmdline.split("\0"))
                    .filter(a -> a.startsWith("-X"))
                    .map(a -> "`" + a + "`")
                    .collect(Collectors.joining(" "));
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    static long totalMemoryGib() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:"))
                            .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                            .findFirst()
                            .orElse(0L)
                    * 1024
                    / GIB;
        } catch (IOException e) {
            return 0;
        }
    }

    /** CPU time of processes over one measurement, from /proc: what the measured side costs, and what else ran. */
    static final class CpuMeter {
        /** Linux counts CPU time in ticks of USER_HZ, 100 per second on every common platform. */
        private static final double TICKS_PER_SECOND = 100;

        private final Map<String, Long> pids;
        private final String children;
        private final Map<String, long[]> start = new LinkedHashMap<>();
        private final long machineStart;
        private final long startNanos = System.nanoTime();

        /**
         * @param children the name in {@code pids} that stands for the children of that process (this JVM's commands):
         *     their CPU time once they have exited
         */
        CpuMeter(Map<String, Long> pids, String children) {
            this.pids = new LinkedHashMap<>(pids);
            this.children = children;
            this.pids.forEach((name, pid) -> start.put(name, ticks(name, pid)));
            this.machineStart = machineBusyTicks();
        }

        CpuUse stop() {
            double wall = seconds(startNanos);
            long machine = machineBusyTicks();
            Map<String, Double> used = new LinkedHashMap<>();
            Map<String, Double> system = new LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                long[] now = ticks(name, pid);
                long[] then = start.get(name);
                // A process that is gone reads 0: count nothing rather than a negative time.
                used.put(name, Math.max(0, now[0] + now[1] - then[0] - then[1]) / TICKS_PER_SECOND);
                system.put(name, Math.max(0, now[1] - then[1]) / TICKS_PER_SECOND);
            });
            return new CpuUse(wall, used, system, (machine - machineStart) / TICKS_PER_SECOND);
        }

        /** utime and stime of a process, or for {@link #children} cutime and cstime; zeros once it is gone. */
        private long[] ticks(String name, long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                // After "pid (comm) ", fields[0] is field 3 of proc(5): utime, stime, cutime, cstime are 14 to 17.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                int first = name.equals(children) ? 13 : 11;
                return new long[] {Long.parseLong(fields[first]), Long.parseLong(fields[first + 1])};
            } catch (IOException | RuntimeException e) {
                return new long[2];
            }
        }

        /** Busy ticks of all cores, whoever used them: user, nice, system, irq, softirq, steal. */
        private static long machineBusyTicks() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
                String[] f = lines.findFirst().orElseThrow().trim().split("\\s+");
                return Stream.of(f[1], f[2], f[3], f[6], f[7], f[8])
                        .mapToLong(Long::parseLong)
                        .sum();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    /**
     * CPU seconds per process over {@code wallSeconds} (user + system, and system alone: the kernel's share, copying
     * through sockets and files), and the busy CPU seconds of the whole machine.
     */
    record CpuUse(
            double wallSeconds,
            Map<String, Double> seconds,
            Map<String, Double> systemSeconds,
            double machineBusySeconds) {
        double ours() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Busy CPU seconds of processes this benchmark did not start (other builds on a shared machine). */
        double others() {
            return Math.max(0, machineBusySeconds - ours());
        }

        String describe() {
            return seconds.entrySet().stream()
                    .filter(e -> e.getValue() >= 0.05)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .map(e -> String.format(
                            Locale.ROOT,
                            "%s %.1f (sys %.1f)",
                            e.getKey(),
                            e.getValue(),
                            systemSeconds.getOrDefault(e.getKey(), 0.0)))
                    .collect(Collectors.joining(", "));
        }
    }

    /** The 1-minute load average and how many JVMs run that this benchmark did not start: is the machine shared? */
    record Load(String what, double average, int foreignJvms) {
        static Load now(String what) {
            double average;
            try {
                average = Double.parseDouble(
                        Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            } catch (IOException | RuntimeException e) {
                average = Double.NaN;
            }
            long self = ProcessHandle.current().pid();
            int foreign = (int) ProcessHandle.allProcesses()
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                    .filter(p -> p.pid() != self && !descendsFrom(p, self))
                    .count();
            return new Load(what, average, foreign);
        }

        private static boolean descendsFrom(ProcessHandle process, long ancestor) {
            for (ProcessHandle p = process.parent().orElse(null);
                    p != null;
                    p = p.parent().orElse(null)) {
                if (p.pid() == ancestor) {
                    return true;
                }
            }
            return false;
        }
    }

    // ---- options, results, formatting and files ----

    /** The value after option {@code args[i - 1]}. */
    static String optionValue(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** The Markdown results on stdout, and in {@code results.md} of the work directory. */
    static void printResults(String results, Path work) {
        System.out.println(results);
        try {
            Files.writeString(work.resolve("results.md"), results);
        } catch (IOException e) {
            System.err.println("cannot write results.md: " + e.getMessage());
        }
    }

    /** Deletes each tree; one that cannot be deleted is reported, and the rest still go. */
    static void deleteEach(List<Path> trees) {
        for (Path tree : trees) {
            try {
                Directories.deleteRecursively(tree);
            } catch (UncheckedIOException e) {
                System.err.println("could not delete " + tree + ": " + e.getMessage());
            }
        }
    }

    static String human(long bytes) {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) GIB);
        }
        if (bytes >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
        }
        return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of all {@code files}. */
    static long totalSize(List<Path> files) {
        return files.stream().mapToLong(BenchSupport::size).sum();
    }

    /** SSTables among {@code files}: one {@code -Data.db} component each. */
    static int sstableCount(List<Path> files) {
        return (int)
                files.stream().filter(p -> p.toString().endsWith("-Data.db")).count();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static void log(String format, Object... arguments) {
        System.err.printf(
                "[bench %s] %s%n",
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")),
                String.format(Locale.ROOT, format, arguments));
    }
}
