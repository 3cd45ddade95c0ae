package io.ringvault.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the coordinator's REST API on a free port, for testing the CLI alone. Each route answers with the
 * responses queued for it in turn, repeating the last one; every request is recorded.
 */
final class StubCoordinator implements AutoCloseable {
    record Answer(int status, String body) {}

    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    StubCoordinator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for {@code METHOD /path}, served in order; the last is repeated. */
    StubCoordinator on(String method, String path, Answer... responses) {
        answers.computeIfAbsent(method + " " + path, route -> new ArrayDeque<>())
                .addAll(List.of(responses));
        return this;
    }

    StubCoordinator on(String method, String path, int status, String body) {
        return on(method, path, new Answer(status, body));
    }

    List<Received> received() {
        return received;
    }

    Received only(String method, String path) {
        List<Received> matching = received.stream()
                .filter(request ->
                        request.method().equals(method) && request.path().equals(path))
                .toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + method + " " + path + " but got " + received);
        }
        return matching.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
        Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + path);
        Answer answer;
        if (queue == null || queue.isEmpty()) {
            answer = new Answer(404, """
                    {"type":"https://ringvault.io/problems/not-found","title":"not found","status":404,\
                    "detail":"the stub has no answer for %s"}""".formatted(path));
        } else {
            synchronized (queue) {
                answer = queue.size() > 1 ? queue.poll() : queue.peek();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", answer.status() >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
