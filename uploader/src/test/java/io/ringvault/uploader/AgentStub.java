package io.ringvault.uploader;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays the node agent: serves snapshot files from a directory laid out as Cassandra lays them out
 * ({@code <dataDirectory>/<keyspace>/<tableDirectory>/snapshots/<backupId>/<file>}) under the agent's URL scheme, with
 * its bearer token and Range requests. Records every request so tests can tell what was downloaded.
 */
final class AgentStub implements AutoCloseable {
    private static final Pattern FILE_PATH =
            Pattern.compile("/api/v1/snapshots/([^/]+)/files/(\\d+)/([^/]+)/([^/]+)/([^/]+)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    /** One request as the agent saw it. */
    record Request(String backupId, String fileName, String range, int status) {}

    private final HttpServer server;
    private final Path root;
    private final String token;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Set<String> rotatedTokenBackups = ConcurrentHashMap.newKeySet();
    private final Set<String> dropOnce = ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, CountDownLatch> stallHalfWay = new ConcurrentHashMap<>();
    /** Lets the stalled downloads go on (they then fail: their client is gone). */
    private final CountDownLatch released = new CountDownLatch(1);

    AgentStub(Path root, String token) {
        this.root = root;
        this.token = token;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where the agent keeps a snapshot file. */
    Path file(int dataDirectory, String keyspace, String tableDirectory, String backupId, String fileName) {
        return root.resolve("data" + dataDirectory)
                .resolve(keyspace)
                .resolve(tableDirectory)
                .resolve("snapshots")
                .resolve(backupId)
                .resolve(fileName);
    }

    /** From now on the agent expects another token for this backup's files, as after a rotation. */
    void rotateTokenFor(String backupId) {
        rotatedTokenBackups.add(backupId);
    }

    /** The next download of this file stops half-way: its connection is closed. */
    void dropOnce(String fileName) {
        dropOnce.add(fileName);
    }

    /**
     * The next download of this file sends half of it and then stalls, as an agent on a saturated link would, until
     * the stub is closed. The latch opens once the half is sent.
     */
    CountDownLatch stallHalfWay(String fileName) {
        CountDownLatch halfSent = new CountDownLatch(1);
        stallHalfWay.put(fileName, halfSent);
        return halfSent;
    }

    List<Request> requests(String backupId) {
        return requests.stream().filter(r -> r.backupId().equals(backupId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher path = FILE_PATH.matcher(exchange.getRequestURI().getRawPath());
            if (!exchange.getRequestMethod().equals("GET") || !path.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String backupId = decode(path.group(1));
            String fileName = decode(path.group(5));
            String range = exchange.getRequestHeaders().getFirst("Range");
            String expected = "Bearer " + (rotatedTokenBackups.contains(backupId) ? token + "-rotated" : token);
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, backupId, fileName, range, 401);
                return;
            }
            Path file = file(
                    Integer.parseInt(path.group(2)), decode(path.group(3)), decode(path.group(4)), backupId, fileName);
            if (!Files.isRegularFile(file)) {
                respond(exchange, backupId, fileName, range, 404);
                return;
            }
            long size = Files.size(file);
            long start = 0;
            if (range != null) {
                Matcher bytes = RANGE.matcher(range);
                if (!bytes.matches() || Long.parseLong(bytes.group(1)) >= size) {
                    respond(exchange, backupId, fileName, range, 416);
                    return;
                }
                start = Long.parseLong(bytes.group(1));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
            }
            requests.add(new Request(backupId, fileName, range, range == null ? 200 : 206));
            exchange.sendResponseHeaders(range == null ? 200 : 206, size - start == 0 ? -1 : size - start);
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(start);
                OutputStream out = exchange.getResponseBody();
                if (dropOnce.remove(fileName)) {
                    out.write(in.readNBytes((int) ((size - start) / 2)));
                    out.flush();
                    // Leaving the handler with an exception, short of the announced length, makes the server close
                    // the connection: the client sees it drop half-way.
                    throw new IOException("connection dropped on purpose");
                }
                CountDownLatch stall = stallHalfWay.remove(fileName);
                if (stall != null) {
                    out.write(in.readNBytes((int) ((size - start) / 2)));
                    out.flush();
                    stall.countDown();
                    try {
                        released.await(5, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                in.transferTo(out);
                out.close();
            }
        }
    }

    private void respond(HttpExchange exchange, String backupId, String fileName, String range, int status)
            throws IOException {
        requests.add(new Request(backupId, fileName, range, status));
        exchange.sendResponseHeaders(status, -1);
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
    }
}
