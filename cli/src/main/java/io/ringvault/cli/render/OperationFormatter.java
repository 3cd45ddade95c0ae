package io.ringvault.cli.render;

import io.ringvault.cli.client.Operation;
import io.ringvault.cli.client.Operation.Datacenter;
import io.ringvault.cli.client.Operation.Failure;
import io.ringvault.cli.client.Operation.Node;
import io.ringvault.cli.client.Operation.Progress;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operations as text: the list table, the {@code show} detail and the outcome line printed when a watch ends. */
public final class OperationFormatter {
    private static final int REQUEST_SUMMARY_LENGTH = 200;

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

        if (!operation.datacenters().isEmpty()) {
            Table datacenters = new Table("DATACENTER", "NODES DONE", "FILES", "BYTES", "PROGRESS");
            for (Datacenter dc : operation.datacenters()) {
                datacenters.row(
                        dc.name(),
                        dc.nodesDone() + "/" + dc.nodes(),
                        Units.count(dc.filesDone(), dc.filesTotal()),
                        Units.byteCount(dc.bytesDone(), dc.bytesTotal()),
                        Units.percent(dc.filesDone(), dc.filesTotal(), dc.bytesDone(), dc.bytesTotal()));
            }
            lines.add("");
            lines.addAll(datacenters.lines());
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
