package io.ringvault.cli.render;

import io.ringvault.cli.client.Operation;
import io.ringvault.cli.client.Operation.Node;
import io.ringvault.cli.client.Operation.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of a progress display, from successive polls of one operation. The overall rate and ETA are the
 * coordinator's; a node's rate is measured here, over the polls of the last {@link #RATE_WINDOW}, since the API gives
 * none per node.
 */
public final class ProgressRenderer {
    /** The kinds whose progress counts the store's objects rather than a node's files. */
    private static final java.util.Set<String> OBJECT_KINDS =
            java.util.Set.of("verify", "delete", "purge", "gc", "copy");

    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final Clock clock;
    private final ZoneId zone;
    private final Map<String, Deque<Sample>> samplesByNode = new HashMap<>();

    public ProgressRenderer(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    /** The block a terminal redraws in place: a heading, then the whole operation and each node on a line. */
    public List<String> block(Operation operation) {
        Instant now = clock.instant();
        observe(operation, now);
        List<String> lines = new ArrayList<>();
        lines.add(heading(operation, now));
        // A verify, a delete, a purge, a gc or a copy counts the store's objects where the others count files.
        boolean verify = OBJECT_KINDS.contains(operation.kind());
        Table table = new Table("NODE", "STATE", "PHASE", verify ? "OBJECTS" : "FILES", "BYTES", "DONE", "RATE", "ETA");
        Progress overall = operation.progress();
        table.row(
                verify ? ("gc".equals(operation.kind()) ? "store" : "backup") : "all nodes",
                Ids.lower(operation.state()),
                operation.phase(),
                Units.count(overall.filesDone(), overall.filesTotal()),
                Units.byteCount(overall.bytesDone(), overall.bytesTotal()),
                OperationFormatter.percent(operation),
                Units.rate(OperationFormatter.positive(overall.bytesPerSecond())),
                operation.isTerminal() ? "-" : Units.duration(overall.etaSeconds()));
        if (operation.datacenters().size() > 1) {
            // Each datacenter ends on its own: a failed node fails its datacenter, not the others.
            for (Operation.Datacenter dc : operation.datacenters()) {
                table.row(
                        "dc " + dc.name(),
                        Ids.lower(dc.state()),
                        dc.nodesDone() + "/" + dc.nodes() + " nodes"
                                + (dc.nodesFailed() > 0 ? ", " + dc.nodesFailed() + " failed" : ""),
                        Units.count(dc.filesDone(), dc.filesTotal()),
                        Units.byteCount(dc.bytesDone(), dc.bytesTotal()),
                        Units.percent(dc.filesDone(), dc.filesTotal(), dc.bytesDone(), dc.bytesTotal()),
                        "-",
                        "-");
            }
        }
        for (Node node : operation.nodes()) {
            Double rate = node.isTerminal() ? null : rate(node.hostId());
            table.row(
                    Ids.shortId(node.hostId()) + " " + orDash(node.address()) + " " + orDash(node.datacenter()),
                    Ids.lower(node.state()),
                    node.phase(),
                    Units.count(node.filesDone(), node.filesTotal()),
                    Units.byteCount(node.bytesDone(), node.bytesTotal()),
                    Units.percent(node.filesDone(), node.filesTotal(), node.bytesDone(), node.bytesTotal()),
                    node.isTerminal() ? "-" : Units.rate(rate),
                    node.isTerminal() ? "-" : Units.duration(eta(node, rate)));
            // A restore goes table by table: each table of the node on its own line, as the restorer reports it.
            for (Operation.Table restored : node.tables()) {
                boolean over = "done".equals(restored.phase()) || "failed".equals(restored.phase());
                table.row(
                        "  " + restored.keyspace() + "." + restored.table(),
                        "",
                        restored.phase(),
                        Units.count(restored.filesDone(), restored.filesTotal()),
                        Units.byteCount(restored.bytesDone(), restored.bytesTotal()),
                        Units.percent(
                                restored.filesDone(),
                                restored.filesTotal(),
                                restored.bytesDone(),
                                restored.bytesTotal()),
                        over || restored.bytesPerSecond() == null
                                ? "-"
                                : Units.rate(restored.bytesPerSecond().doubleValue()),
                        over ? "-" : Units.duration(restored.etaSeconds()));
            }
        }
        lines.addAll(table.lines("  "));
        return lines;
    }

    /**
     * One line for a log or a pipe, e.g. {@code 12:00:01 backup 3f2a1b2c running snapshot files 10/40 bytes 1.2
     * MiB/5.0 MiB 2.1 MiB/s eta 2s nodes 0/3 done}.
     */
    public String line(Operation operation) {
        Instant now = clock.instant();
        observe(operation, now);
        Progress p = operation.progress();
        StringBuilder line = new StringBuilder()
                .append(Times.timeOfDay(now, zone))
                .append(' ')
                .append(operation.kind())
                .append(' ')
                .append(Ids.shortId(operation.id()))
                .append(' ')
                .append(Ids.lower(operation.state()));
        if (operation.phase() != null) {
            line.append(' ').append(operation.phase());
        }
        // A verify counts the backup's objects where the others count files.
        line.append(OBJECT_KINDS.contains(operation.kind()) ? " objects " : " files ")
                .append(Units.count(p.filesDone(), p.filesTotal()))
                .append(" bytes ")
                .append(Units.byteCount(p.bytesDone(), p.bytesTotal()))
                .append(' ')
                .append(Units.rate(OperationFormatter.positive(p.bytesPerSecond())));
        if (!operation.isTerminal()) {
            line.append(" eta ").append(Units.duration(p.etaSeconds()));
        }
        if (p.rowsDone() != null) {
            line.append(" rows ").append(Units.rows(p.rowsDone()));
        }
        if (!operation.nodes().isEmpty()) {
            long done = operation.nodes().stream()
                    .filter(node -> "DONE".equals(node.state()))
                    .count();
            long failed = operation.nodes().stream()
                    .filter(node -> "FAILED".equals(node.state()))
                    .count();
            line.append(" nodes ")
                    .append(done)
                    .append('/')
                    .append(operation.nodes().size())
                    .append(" done");
            if (failed > 0) {
                line.append(", ").append(failed).append(" failed");
            }
        }
        return line.toString();
    }

    /**
     * What a plain display compares to decide whether there is news: state, phase and counts, not the rate or ETA,
     * which move on every poll.
     */
    public String changeKey(Operation operation) {
        Progress p = operation.progress();
        StringBuilder key = new StringBuilder()
                .append(operation.state())
                .append('|')
                .append(operation.phase())
                .append('|')
                .append(p.filesDone())
                .append('/')
                .append(p.filesTotal())
                .append('|')
                .append(p.bytesDone())
                .append('/')
                .append(p.bytesTotal())
                .append('|')
                .append(p.rowsDone());
        for (Node node : operation.nodes()) {
            key.append('|').append(node.hostId()).append('=').append(node.state());
            node.tables()
                    .forEach(t -> key.append(',').append(t.table()).append('=').append(t.phase()));
        }
        return key.toString();
    }

    private String heading(Operation operation, Instant now) {
        StringBuilder heading = new StringBuilder()
                .append(operation.kind())
                .append(' ')
                .append(operation.id())
                .append("  ")
                .append(Ids.lower(operation.state()));
        if (operation.phase() != null) {
            heading.append("  ").append(operation.phase());
        }
        Instant end = Times.parse(operation.finishedAt()).orElse(now);
        Times.between(operation.acceptedAt(), end)
                .ifPresent(elapsed -> heading.append("  ").append(Units.duration(Math.max(0, elapsed.toSeconds()))));
        Long rows = operation.progress().rowsDone();
        if (rows != null) {
            // A logical backup: while a node exports, its files count as ?; its rows stored so far still move.
            heading.append("  ").append(Units.rows(rows)).append(" rows stored");
        }
        return heading.toString();
    }

    private void observe(Operation operation, Instant now) {
        for (Node node : operation.nodes()) {
            if (node.hostId() == null) {
                continue;
            }
            Deque<Sample> samples = samplesByNode.computeIfAbsent(node.hostId(), id -> new ArrayDeque<>());
            if (!samples.isEmpty() && !samples.peekLast().at().isBefore(now)) {
                samples.removeLast(); // the same instant seen twice: keep the latest count
            }
            samples.addLast(new Sample(now, node.bytesDone()));
            while (samples.size() > 2 && samples.peekFirst().at().isBefore(now.minus(RATE_WINDOW))) {
                samples.removeFirst();
            }
        }
    }

    /** Bytes per second over the window, or null until two polls are apart in time. */
    private Double rate(String hostId) {
        Deque<Sample> samples = samplesByNode.get(hostId);
        if (samples == null || samples.size() < 2) {
            return null;
        }
        Sample first = samples.peekFirst();
        Sample last = samples.peekLast();
        double seconds = Duration.between(first.at(), last.at()).toMillis() / 1000.0;
        if (seconds <= 0) {
            return null;
        }
        return Math.max(0, last.bytesDone() - first.bytesDone()) / seconds;
    }

    private static Long eta(Node node, Double rate) {
        if (rate == null || rate <= 0 || node.bytesTotal() <= 0) {
            return null;
        }
        return (long) Math.ceil(Math.max(0, node.bytesTotal() - node.bytesDone()) / rate);
    }

    private static String orDash(String text) {
        return text == null || text.isEmpty() ? "-" : text;
    }

    private record Sample(Instant at, long bytesDone) {}
}
