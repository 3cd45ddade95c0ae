package io.ringvault.cli.render;

import io.ringvault.cli.client.NodeRef;
import io.ringvault.cli.client.Operation;
import io.ringvault.cli.client.Operation.Datacenter;
import io.ringvault.cli.client.Operation.Failure;
import io.ringvault.cli.client.Operation.Node;
import io.ringvault.cli.client.Operation.Progress;
import io.ringvault.cli.client.PartialBackup;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operations as text: the list table, the {@code show} detail and the outcome line printed when a watch ends. */
public final class OperationFormatter {
    private static final int REQUEST_SUMMARY_LENGTH = 200;
    /** Token ranges shown per keyspace; the JSON has up to 100, and their count. */
    private static final int RANGES_SHOWN = 5;

    private final ZoneId zone;

    public OperationFormatter(ZoneId zone) {
        this.zone = zone;
    }

    public List<String> table(List<Operation> operations) {
        Table table = new Table("ID", "KIND", "STATE", "PHASE", "PROGRESS", "STARTED");
        for (Operation operation : operations) {
            table.row(
                    operation.id(),
                    operation.kind(),
                    operation.state(),
                    operation.phase(),
                    percent(operation),
                    Times.dateTime(operation.acceptedAt(), zone));
        }
        return table.lines();
    }

    public List<String> detail(Operation operation) {
        List<String> lines = new ArrayList<>();
        field(lines, "operation", operation.id());
        field(lines, "kind", operation.kind());
        field(lines, "state", operation.state());
        field(lines, "phase", operation.phase());
        field(lines, "requested by", requester(operation));
        field(lines, "accepted", Times.dateTime(operation.acceptedAt(), zone));
        field(lines, "updated", Times.dateTime(operation.updatedAt(), zone));
        if (operation.finishedAt() != null) {
            field(
                    lines,
                    "finished",
                    Times.dateTime(operation.finishedAt(), zone)
                            + took(operation)
                                    .map(took -> " (took " + took + ")")
                                    .orElse(""));
        }
        String request = JsonSummary.of(operation.request(), REQUEST_SUMMARY_LENGTH);
        if (!request.isEmpty()) {
            field(lines, "request", request);
        }
        if (operation.failure() != null) {
            field(lines, "failure", failure(operation.failure()));
            for (String nodeFailure : nodeFailures(operation)) {
                field(lines, "", nodeFailure);
            }
        }
        field(lines, "progress", progress(operation.progress(), operation.isTerminal()));
        if (operation.partial() != null) {
            List<String> partial = partial(operation.partial());
            for (int i = 0; i < partial.size(); i++) {
                field(lines, i == 0 ? "partial" : "", partial.get(i));
            }
        }

        if (!operation.datacenters().isEmpty()) {
            Table datacenters = new Table("DATACENTER", "STATE", "NODES DONE", "FAILED", "FILES", "BYTES", "PROGRESS");
            for (Datacenter dc : operation.datacenters()) {
                datacenters.row(
                        dc.name(),
                        dc.state(),
                        dc.nodesDone() + "/" + dc.nodes(),
                        dc.nodesFailed(),
                        Units.count(dc.filesDone(), dc.filesTotal()),
                        Units.byteCount(dc.bytesDone(), dc.bytesTotal()),
                        Units.percent(dc.filesDone(), dc.filesTotal(), dc.bytesDone(), dc.bytesTotal()));
            }
            lines.add("");
            lines.addAll(datacenters.lines());
            lines.addAll(datacenterNodes(operation));
        }
        if (!operation.nodes().isEmpty()) {
            Table nodes = new Table(
                    "NODE", "ADDRESS", "DATACENTER", "RACK", "STATE", "PHASE", "FILES", "BYTES", "PROGRESS", "REASON");
            for (Node node : operation.nodes()) {
                nodes.row(
                        Ids.shortId(node.hostId()),
                        node.address(),
                        node.datacenter(),
                        node.rack(),
                        node.state(),
                        node.phase(),
                        Units.count(node.filesDone(), node.filesTotal()),
                        Units.byteCount(node.bytesDone(), node.bytesTotal()),
                        Units.percent(node.filesDone(), node.filesTotal(), node.bytesDone(), node.bytesTotal()),
                        node.reason());
            }
            lines.add("");
            lines.addAll(nodes.lines());
        }
        return lines;
    }

    /** What a watch prints once the operation is over: how it ended and, if it failed, why. */
    public List<String> outcome(Operation operation) {
        List<String> lines = new ArrayList<>();
        String head = operation.kind() + " " + operation.id() + " " + Ids.lower(operation.state());
        String took = took(operation).map(duration -> " in " + duration).orElse("");
        if (operation.failure() == null) {
            lines.add(head + took);
        } else {
            lines.add(head + took + ": " + failure(operation.failure()));
            nodeFailures(operation).forEach(line -> lines.add("  " + line));
        }
        // With several datacenters, how each one ended: one failed node no longer hides that the others completed.
        if (operation.datacenters().size() > 1) {
            for (Datacenter dc : operation.datacenters()) {
                lines.add("  " + datacenterSummary(dc));
            }
        }
        if (operation.partial() != null) {
            partial(operation.partial()).forEach(line -> lines.add("  partial: " + line));
        }
        return lines;
    }

    /** {@code dc2 failed: 1/2 nodes done, 1 failed}, {@code dc1 completed: 2/2 nodes done}. */
    static String datacenterSummary(Datacenter dc) {
        StringBuilder text = new StringBuilder()
                .append(dc.name())
                .append(' ')
                .append(Ids.lower(dc.state()))
                .append(": ")
                .append(dc.nodesDone())
                .append('/')
                .append(dc.nodes())
                .append(" nodes done");
        if (dc.nodesFailed() > 0) {
            text.append(", ").append(dc.nodesFailed()).append(" failed");
        }
        if (!dc.missingNodes().isEmpty()) {
            text.append(", ").append(dc.missingNodes().size()).append(" missing");
        }
        return text.toString();
    }

    /** Under the datacenter table: each failed node (and why) and each node a partial backup left out, by datacenter. */
    private static List<String> datacenterNodes(Operation operation) {
        List<String> lines = new ArrayList<>();
        for (Datacenter dc : operation.datacenters()) {
            for (Operation.FailedNode node : dc.failedNodes()) {
                lines.add(dc.name() + ": node " + Ids.shortId(node.hostId()) + " (" + node.address() + ") failed: "
                        + node.reason());
            }
            for (NodeRef node : dc.missingNodes()) {
                lines.add(dc.name() + ": node " + Ids.shortId(node.hostId()) + " (" + node.address()
                        + ") missing: it was down when the backup was accepted");
            }
        }
        return lines;
    }

    /** What a partial backup lacks, a line for the missing nodes and one per keyspace with uncovered ranges. */
    public static List<String> partial(PartialBackup partial) {
        List<String> lines = new ArrayList<>();
        lines.add(partial.missingNodes().size() + " node(s) missing: "
                + String.join(
                        ", ",
                        partial.missingNodes().stream()
                                .map(node -> Ids.shortId(node.hostId()) + " (" + node.address() + ", "
                                        + node.datacenter() + ")")
                                .toList()));
        if (partial.uncoveredRanges().isEmpty()) {
            lines.add("every token range has a backed-up replica");
        }
        for (PartialBackup.KeyspaceRanges keyspace : partial.uncoveredRanges()) {
            List<String> shown = keyspace.ranges().stream()
                    .limit(RANGES_SHOWN)
                    .map(PartialBackup.TokenRange::toString)
                    .toList();
            int more = keyspace.rangeCount() - shown.size();
            lines.add(
                    keyspace.keyspace() + ": " + keyspace.rangeCount() + " token range(s) no backed-up replica holds: "
                            + String.join(", ", shown) + (more > 0 ? " and " + more + " more" : ""));
        }
        return lines;
    }

    /** Percent done of the whole operation; 100% once completed even when nothing had to be moved. */
    public static String percent(Operation operation) {
        Progress p = operation.progress();
        String percent = Units.percent(p.filesDone(), p.filesTotal(), p.bytesDone(), p.bytesTotal());
        return operation.isCompleted() && Units.UNKNOWN.equals(percent) ? "100%" : percent;
    }

    static String progress(Progress p, boolean finished) {
        StringBuilder text = new StringBuilder()
                .append("files ")
                .append(Units.count(p.filesDone(), p.filesTotal()))
                .append("  bytes ")
                .append(Units.byteCount(p.bytesDone(), p.bytesTotal()))
                .append("  ")
                .append(Units.percent(p.filesDone(), p.filesTotal(), p.bytesDone(), p.bytesTotal()))
                .append("  ")
                .append(Units.rate(positive(p.bytesPerSecond())));
        if (!finished) {
            text.append("  eta ").append(Units.duration(p.etaSeconds()));
        }
        if (p.rowsDone() != null) {
            // A logical backup: rows stored so far, the figure that moves while a node still exports (its totals are
            // ?).
            text.append("  rows ").append(Units.rows(p.rowsDone()));
        }
        return text.toString();
    }

    /** A rate of 0 means "nothing measured yet" as far as a person is concerned. */
    static Double positive(Double rate) {
        return rate == null || rate <= 0 ? null : rate;
    }

    private Optional<String> took(Operation operation) {
        return Times.between(operation.acceptedAt(), operation.finishedAt())
                .map(duration -> Units.duration(Math.max(0, duration.toSeconds())));
    }

    private static String requester(Operation operation) {
        String who = operation.requestedBy() == null ? "(not given)" : operation.requestedBy();
        List<String> how = new ArrayList<>();
        if (operation.channel() != null) {
            how.add("via " + operation.channel());
        }
        if (operation.requestSource() != null) {
            how.add("source " + operation.requestSource());
        }
        return how.isEmpty() ? who : who + " (" + String.join(", ", how) + ")";
    }

    private static String failure(Failure failure) {
        String reason = failure.reason() == null ? "failed" : failure.reason();
        return failure.detail() == null || failure.detail().isBlank() ? reason : reason + ": " + failure.detail();
    }

    /** One line per failed node, naming it by short host id, address and datacenter when the operation knows them. */
    private static List<String> nodeFailures(Operation operation) {
        List<String> lines = new ArrayList<>();
        if (operation.failure() == null) {
            return lines;
        }
        for (Map.Entry<String, String> entry :
                operation.failure().nodeFailures().entrySet()) {
            lines.add("node " + describeNode(operation, entry.getKey()) + ": " + entry.getValue());
        }
        return lines;
    }

    private static String describeNode(Operation operation, String hostId) {
        return operation.nodes().stream()
                .filter(node -> hostId.equals(node.hostId()))
                .findFirst()
                .map(node -> Ids.shortId(hostId) + " (" + node.address() + ", " + node.datacenter() + ")")
                .orElse(Ids.shortId(hostId));
    }

    private static void field(List<String> lines, String label, String value) {
        lines.add(String.format("%-13s %s", label, value == null || value.isEmpty() ? "-" : value)
                .stripTrailing());
    }
}
