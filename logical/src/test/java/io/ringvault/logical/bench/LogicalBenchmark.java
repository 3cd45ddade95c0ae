package io.ringvault.logical.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.token.Token;
import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.ringvault.logical.export.ExportOptions;
import io.ringvault.logical.export.ExportResult;
import io.ringvault.logical.export.TableExporter;
import io.ringvault.logical.format.ChunkReader;
import io.ringvault.logical.load.ImportOptions;
import io.ringvault.logical.load.ImportResult;
import io.ringvault.logical.load.TableImporter;
import io.ringvault.testkit.CassandraEndpoint;
import io.ringvault.testkit.CassandraNodeSpec;
import io.ringvault.testkit.LocalCassandra;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The Java side of {@code bench/logical.sh}: one subcommand per step, each in its own JVM, so that the script measures
 * every process's peak RSS the same way for ringvault, dsbulk and cqlsh.
 *
 * <ul>
 *   <li>{@code cassandra DIR ENDPOINT_FILE}: starts one Cassandra 5.0 node through the testkit, writes
 *       {@code host port datacenter} to the file and runs until killed (the testkit's hooks stop the node);
 *   <li>{@code populate ENDPOINT TABLE ROWS}: creates {@code bench.TABLE} and writes ROWS rows, 10 per partition;
 *   <li>{@code export ENDPOINT TABLE DIR [ROWS_PER_SECOND]} and
 *       {@code import ENDPOINT TABLE DIR [ROWS_PER_SECOND [MAX_BATCH_ROWS]]}: the logical engine, printing
 *       {@code rows=… seconds=…} (0 for no throttle);
 *   <li>{@code count ENDPOINT TABLE}: counts the rows by a token-range scan (no {@code COUNT(*)}, which times out on
 *       millions of rows); {@code chunkrows DIR}: counts the rows of the chunk files in DIR by reading them back;
 *       {@code truncate ENDPOINT TABLE}.
 * </ul>
 *
 * ENDPOINT is {@code host:port:datacenter}.
 */
public final class LogicalBenchmark {
    private static final String KEYSPACE = "bench";
    private static final int ROWS_PER_PARTITION = 10;

    private LogicalBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "cassandra" -> cassandra(Path.of(args[1]), Path.of(args[2]));
            case "populate" -> {
                try (CqlSession cql = connect(args[1])) {
                    populate(cql, args[2], Long.parseLong(args[3]));
                }
            }
            case "export" -> {
                try (CqlSession cql = connect(args[1])) {
                    double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
                    ExportResult result = new TableExporter(
                                    cql, ExportOptions.defaults().withMaxRowsPerSecond(rate))
                            .export(KEYSPACE, args[2], Path.of(args[3]));
                    System.out.printf(
                            "rows=%d seconds=%.2f bytes=%d chunks=%d%n",
                            result.rows(),
                            result.took().toMillis() / 1000.0,
                            result.bytes(),
                            result.chunks().size());
                }
            }
            case "import" -> {
                try (CqlSession cql = connect(args[1])) {
                    double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
                    ImportOptions options = ImportOptions.defaults().withMaxRowsPerSecond(rate);
                    if (args.length > 5) {
                        options = options.withMaxBatchRows(Integer.parseInt(args[5]));
                    }
                    List<Path> chunks;
                    try (Stream<Path> files = Files.list(Path.of(args[3]))) {
                        chunks = files.filter(f -> f.toString().endsWith(".rvlg"))
                                .sorted()
                                .toList();
                    }
                    ImportResult result = new TableImporter(cql, options)
                            .importChunks(chunks, KEYSPACE, args[2], Path.of(args[3], "errors.jsonl"));
                    System.out.printf(
                            "rows=%d written=%d statements=%d errors=%d seconds=%.2f%n",
                            result.rows(),
                            result.written(),
                            result.statements(),
                            result.errors(),
                            result.took().toMillis() / 1000.0);
                }
            }
            case "count" -> {
                try (CqlSession cql = connect(args[1])) {
                    System.out.println(count(cql, args[2]));
                }
            }
            case "chunkrows" -> {
                // Counts what the export wrote by reading every chunk back, block checksums included.
                long total = 0;
                try (Stream<Path> files = Files.list(Path.of(args[1]))) {
                    for (Path chunk :
                            files.filter(f -> f.toString().endsWith(".rvlg")).toList()) {
                        try (ChunkReader reader = ChunkReader.open(chunk)) {
                            while (reader.next() != null) {
                                total++;
                            }
                        }
                    }
                }
                System.out.println(total);
            }
            case "truncate" -> {
                try (CqlSession cql = connect(args[1])) {
                    cql.execute("TRUNCATE " + KEYSPACE + "." + args[2]);
                }
            }
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
        // Driver threads would keep the JVM alive.
        System.exit(0);
    }

    private static void cassandra(Path directory, Path endpointFile) throws InterruptedException, Exception {
        LocalCassandra cassandra = LocalCassandra.start(
                directory, List.of(CassandraNodeSpec.node(1, "dc1", "rack1")), "1g", Duration.ofMinutes(5));
        Runtime.getRuntime().addShutdownHook(new Thread(cassandra::close));
        CassandraEndpoint endpoint = cassandra.endpoints().get(0);
        Path partial = endpointFile.resolveSibling(endpointFile.getFileName() + ".tmp");
        Files.writeString(
                partial,
                endpoint.cql().getHostString() + ":" + endpoint.cql().getPort() + ":" + endpoint.datacenter() + "\n");
        Files.move(partial, endpointFile);
        new CountDownLatch(1).await();
    }

    private static CqlSession connect(String endpoint) {
        String[] parts = endpoint.split(":");
        return CqlSession.builder()
                .addContactPoint(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])))
                .withLocalDatacenter(parts[2])
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        // Two cores shared with Cassandra: schema changes and truncates take longer than 2 s.
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /**
     * A realistic mix: a text partition key, an int clustering key, text, int, double, timestamp and a 64-byte blob;
     * one row in ten has a TTL of a day, so that TTLs are exported too.
     */
    private static void populate(CqlSession cql, String table, long rows) throws InterruptedException {
        cql.execute("CREATE KEYSPACE IF NOT EXISTS " + KEYSPACE
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        cql.execute("CREATE TABLE IF NOT EXISTS " + KEYSPACE + "." + table + " (customer text, seq int, name text, "
                + "city text, quantity int, amount double, created timestamp, payload blob, "
                + "PRIMARY KEY (customer, seq))");
        PreparedStatement insert = cql.prepare("INSERT INTO " + KEYSPACE + "." + table
                + " (customer, seq, name, city, quantity, amount, created, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TTL ?");
        String[] cities = {"Lisbon", "Oslo", "Nairobi", "Lima", "Osaka", "Toronto", "Zagreb", "Perth"};
        Semaphore inFlight = new Semaphore(256);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SplittableRandom random = new SplittableRandom(19);
        Instant started = Instant.now();
        for (long i = 0; i < rows && failure.get() == null; i++) {
            long partition = i / ROWS_PER_PARTITION;
            byte[] payload = new byte[64];
            random.nextBytes(payload);
            BoundStatement statement = insert.bind(
                    String.format("customer-%09d", partition),
                    (int) (i % ROWS_PER_PARTITION),
                    "name " + Long.toHexString(random.nextLong()),
                    cities[random.nextInt(cities.length)],
                    random.nextInt(1000),
                    random.nextDouble() * 10_000,
                    Instant.ofEpochMilli(1_700_000_000_000L + random.nextLong(100_000_000_000L)),
                    ByteBuffer.wrap(payload),
                    i % 10 == 0 ? 86_400 : 0);
            inFlight.acquire();
            cql.executeAsync(statement).whenComplete((r, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(256);
        if (failure.get() != null) {
            throw new IllegalStateException("populating failed", failure.get());
        }
        System.out.printf(
                "rows=%d seconds=%.1f%n",
                rows, Duration.between(started, Instant.now()).toMillis() / 1000.0);
    }

    /** Rows, counted by scanning 64 slices of the ring two at a time, reading only the primary key. */
    private static long count(CqlSession cql, String table) throws Exception {
        PreparedStatement scan = cql.prepare("SELECT customer, seq FROM " + KEYSPACE + "." + table
                + " WHERE token(customer) > ? AND token(customer) <= ?");
        // An unwrapped slice that runs to the end of the ring ends at the minimum token, which no key has.
        PreparedStatement scanToEnd =
                cql.prepare("SELECT customer, seq FROM " + KEYSPACE + "." + table + " WHERE token(customer) > ?");
        // Murmur3Partitioner, the testkit's.
        Token minimum = cql.getMetadata().getTokenMap().orElseThrow().parse(String.valueOf(Long.MIN_VALUE));
        List<TokenRange> slices = new ArrayList<>();
        for (TokenRange range : cql.getMetadata().getTokenMap().orElseThrow().getTokenRanges()) {
            for (TokenRange slice : range.splitEvenly(64)) {
                slices.addAll(slice.unwrap());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicLong total = new AtomicLong();
            List<Future<?>> futures = new ArrayList<>();
            for (TokenRange slice : slices) {
                futures.add(pool.submit(() -> {
                    long n = 0;
                    BoundStatement statement = slice.getEnd().equals(minimum)
                            ? scanToEnd.bind().setToken(0, slice.getStart())
                            : scan.bind().setToken(0, slice.getStart()).setToken(1, slice.getEnd());
                    for (Row ignored : cql.execute(statement.setPageSize(5000))) {
                        n++;
                    }
                    total.addAndGet(n);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return total.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
