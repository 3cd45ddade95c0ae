package io.ringvault.launcher;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import io.ringvault.testkit.Topology;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The demo's data: a keyspace of four tables that together use every CQL type (a frozen UDT, a tuple, a static column,
 * DESC clustering, a counter table), with NULLs, empty strings and unicode, about {@code megabytes} in all. Rows are
 * generated from a fixed seed, so every run loads the same data.
 */
final class SampleDataset {
    static final String KEYSPACE = "ringvault_demo";
    /** Requests in flight while loading: enough to keep one node busy without timing out its write path. */
    private static final int IN_FLIGHT = 64;

    private static final String[] CITIES = {"Lisboa", "Zürich", "東京", "São Paulo", "Kraków", "Reykjavík", ""};
    private static final String[] NAMES = {"Zoë", "Ångström", "Nguyễn", "Łukasz", "Ōtani", "Müller", "Ana 🌊"};

    private final CqlSession session;
    private final long megabytes;
    private final Random random = new Random(20261121L);
    /** The customers' ids, which the orders' partitions reuse. */
    private final List<UUID> customers = new ArrayList<>();

    private final Topology topology;

    /** @param topology the cluster: the keyspace keeps two replicas in each of its datacenters (one where it has one node) */
    SampleDataset(CqlSession session, long megabytes, Topology topology) {
        this.session = session;
        this.megabytes = megabytes;
        this.topology = topology;
    }

    /** Creates the keyspace and tables (dropping any earlier ones) and writes the rows; returns rows written. */
    long load() {
        createSchema();
        long rows = 0;
        long payloadBytes = megabytes * 1024 * 1024;
        // Most of the volume is in the blobs of orders and sensor readings: about 40% and 60% of it.
        rows += loadCustomers(2_000);
        rows += loadOrders(payloadBytes * 4 / 10 / 1024, 2_000);
        rows += loadSensorReadings(payloadBytes * 6 / 10 / 3072);
        rows += loadPageViews(500);
        return rows;
    }

    private void createSchema() {
        session.execute("DROP KEYSPACE IF EXISTS " + KEYSPACE);
        session.execute("CREATE KEYSPACE " + KEYSPACE + " WITH replication = " + topology.networkReplication(2));
        session.execute("CREATE TYPE " + KEYSPACE
                + ".address (street text, city text, zip int, geo frozen<tuple<double, double>>)");
        session.execute("CREATE TABLE " + KEYSPACE + ".customers ("
                + "id uuid PRIMARY KEY, name text, email ascii, signup_date date, last_login timestamp, age int,"
                + " vip boolean, balance decimal, home frozen<address>, tags set<text>,"
                + " preferences map<text, text>, last_ip inet, notes text)");
        session.execute("CREATE TABLE " + KEYSPACE + ".orders ("
                + "customer_id uuid, ordered_at timeuuid, region text static, total decimal, items list<text>,"
                + " quantities list<int>, shipping frozen<address>, discount float,"
                + " first_line frozen<tuple<int, text, double>>, receipt blob,"
                + " PRIMARY KEY ((customer_id), ordered_at)) WITH CLUSTERING ORDER BY (ordered_at DESC)");
        session.execute("CREATE TABLE " + KEYSPACE + ".sensor_readings ("
                + "sensor_id int, day date, reading_time time, value double, raw_value varint, sample_count bigint,"
                + " sample_interval duration, calibrated boolean, payload blob,"
                + " PRIMARY KEY ((sensor_id, day), reading_time))");
        session.execute("CREATE TABLE " + KEYSPACE + ".page_views ("
                + "page text PRIMARY KEY, views counter, unique_visitors counter)");
    }

    private long loadCustomers(int count) {
        PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE + ".customers (id, name, email,"
                + " signup_date, last_login, age, vip, balance, home, tags, preferences, last_ip, notes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        UserDefinedType address = addressType();
        try (Loader loader = new Loader()) {
            for (int i = 0; i < count; i++) {
                UUID id = new UUID(random.nextLong(), random.nextLong());
                customers.add(id);
                boolean sparse = i % 10 == 0; // every tenth customer leaves most columns NULL
                loader.write(insert.bind(
                        id,
                        NAMES[i % NAMES.length] + " " + i,
                        sparse ? null : "customer" + i + "@example.com",
                        LocalDate.of(2020, 1, 1).plusDays(random.nextInt(2000)),
                        sparse ? null : Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1_000_000_000)),
                        sparse ? null : 18 + random.nextInt(70),
                        i % 3 == 0,
                        new BigDecimal(BigInteger.valueOf(random.nextLong() % 10_000_000), 2),
                        sparse ? null : address(address, i),
                        sparse ? null : Set.of("tag" + (i % 7), "segment-" + (i % 3)),
                        sparse ? null : Map.of("language", i % 2 == 0 ? "pt" : "ja", "newsletter", "yes"),
                        sparse ? null : inet(i),
                        i % 5 == 0 ? "" : "notes for " + i));
            }
        }
        return count;
    }

    private long loadOrders(long rows, int partitions) {
        PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE + ".orders (customer_id, ordered_at,"
                + " region, total, items, quantities, shipping, discount, first_line, receipt)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        UserDefinedType address = addressType();
        TupleType line = session.getMetadata()
                .getKeyspace(KEYSPACE)
                .flatMap(keyspace -> keyspace.getTable("orders"))
                .orElseThrow()
                .getColumn("first_line")
                .map(column -> (TupleType) column.getType())
                .orElseThrow();
        long written = 0;
        try (Loader loader = new Loader()) {
            for (long i = 0; i < rows; i++) {
                UUID customer = customers.get((int) (i % Math.min(partitions, customers.size())));
                TupleValue firstLine = line.newValue((int) (i % 9) + 1, "item-" + (i % 97), random.nextDouble() * 100);
                loader.write(insert.bind(
                        customer,
                        Uuids.startOf(1_700_000_000_000L + i * 1000),
                        CITIES[(int) (customer.getLeastSignificantBits() & 0x7fff) % CITIES.length],
                        new BigDecimal(BigInteger.valueOf(random.nextInt(1_000_000)), 2),
                        List.of("item-" + (i % 97), "item-" + (i % 89)),
                        List.of((int) (i % 5) + 1, (int) (i % 3) + 1),
                        i % 17 == 0 ? null : address(address, (int) i),
                        i % 4 == 0 ? null : random.nextFloat(),
                        firstLine,
                        randomBytes(768 + random.nextInt(512))));
                written++;
            }
        }
        return written;
    }

    private long loadSensorReadings(long rows) {
        PreparedStatement insert = session.prepare("INSERT INTO " + KEYSPACE + ".sensor_readings (sensor_id, day,"
                + " reading_time, value, raw_value, sample_count, sample_interval, calibrated, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        try (Loader loader = new Loader()) {
            for (long i = 0; i < rows; i++) {
                loader.write(insert.bind(
                        (int) (i % 50),
                        LocalDate.of(2026, 11, 1).plusDays((i / 50) % 20),
                        LocalTime.ofNanoOfDay((i * 1_000_003L) % 86_400_000_000_000L),
                        random.nextGaussian() * 20,
                        new BigInteger(80, random).negate(),
                        random.nextLong(),
                        CqlDuration.newInstance(0, (int) (i % 2), 1_000_000L * (i % 1000)),
                        i % 11 == 0 ? null : i % 2 == 0,
                        randomBytes(2560 + random.nextInt(1024))));
            }
        }
        return rows;
    }

    private long loadPageViews(int pages) {
        PreparedStatement count = session.prepare("UPDATE " + KEYSPACE
                + ".page_views SET views = views + ?, unique_visitors = unique_visitors + ? WHERE page = ?");
        try (Loader loader = new Loader()) {
            for (int i = 0; i < pages; i++) {
                loader.write(count.bind((long) random.nextInt(100_000), (long) random.nextInt(1_000), "/página/" + i));
            }
        }
        return pages;
    }

    private UserDefinedType addressType() {
        return session.getMetadata()
                .getKeyspace(KEYSPACE)
                .flatMap(keyspace -> keyspace.getUserDefinedType("address"))
                .orElseThrow();
    }

    private UdtValue address(UserDefinedType type, int i) {
        TupleValue geo = ((TupleType) type.getFieldTypes().get(3)).newValue(38.7 + i % 10, -9.1 - i % 7);
        return type.newValue("Rua " + i, CITIES[i % CITIES.length], i % 13 == 0 ? null : 1000 + i % 9000, geo);
    }

    private static InetAddress inet(int i) {
        try {
            return InetAddress.getByAddress(
                    i % 2 == 0
                            ? new byte[] {10, (byte) (i >> 8), (byte) i, 1}
                            : new byte[] {
                                0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) (i >> 8), (byte) i
                            });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private ByteBuffer randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** Writes asynchronously with a bounded number of requests in flight; close waits for all and fails on any error. */
    private final class Loader implements AutoCloseable {
        private final Semaphore permits = new Semaphore(IN_FLIGHT);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        void write(BoundStatement statement) {
            throwIfFailed();
            permits.acquireUninterruptibly();
            CompletionStage<AsyncResultSet> result = session.executeAsync(statement);
            result.whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }

        @Override
        public void close() {
            permits.acquireUninterruptibly(IN_FLIGHT);
            permits.release(IN_FLIGHT);
            throwIfFailed();
        }

        private void throwIfFailed() {
            Throwable error = failure.get();
            if (error != null) {
                throw new IllegalStateException("loading the sample data failed: " + error.getMessage(), error);
            }
        }
    }
}
