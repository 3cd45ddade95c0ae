package io.ringvault.coordinator.operation;

import io.ringvault.common.Envelope;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.Payload;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.ScheduleEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * The coordinator's whole state: a fold over the events topic, and nothing else. Every instance folds every partition,
 * so any instance answers reads; after a restart the same log gives the same state.
 */
public class OperationLog {
    private final Clock clock;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final Map<String, List<ObjectNode>> history = new HashMap<>();
    private final Map<Integer, Long> nextOffsetByPartition = new HashMap<>();
    private final List<Consumer<Operation>> listeners = new ArrayList<>();
    private final List<Consumer<Envelope<Payload>>> otherFolds = new ArrayList<>();

    public OperationLog(Clock clock) {
        this.clock = clock;
    }

    /**
     * Folds one event read from {@code partition} at {@code offset}. Events at or below an offset already applied are
     * skipped, which makes re-reading the log harmless.
     */
    public synchronized void apply(Envelope<Payload> event, ObjectNode json, int partition, long offset) {
        long next = nextOffsetByPartition.getOrDefault(partition, 0L);
        if (offset < next) {
            return;
        }
        nextOffsetByPartition.put(partition, offset + 1);
        if (event.data() instanceof ScheduleEvent) {
            // Not an operation's: the schedules fold keeps them.
            otherFolds.forEach(fold -> fold.accept(event));
            return;
        }
        String operationId = event.operationId();
        history.computeIfAbsent(operationId, id -> new ArrayList<>()).add(json);
        Operation operation = operations.get(operationId);
        if (event.data() instanceof OperationAccepted accepted) {
            if (operation == null) {
                operation = new Operation(operationId, accepted, event.time());
                operations.put(operationId, operation);
                notifyListeners(operation);
            }
            return;
        }
        if (operation != null && operation.apply(event)) {
            notifyListeners(operation);
        }
    }

    /**
     * Another fold of the same log, for the events that are not an operation's (the schedules'): it is handed each of
     * them once, in log order, under the log's lock, so it shares the log's offsets and its replay.
     */
    public synchronized void alsoFold(Consumer<Envelope<Payload>> fold) {
        otherFolds.add(fold);
    }

    /** Listeners run after each change, under the log's lock: keep them short. */
    public synchronized void onChange(Consumer<Operation> listener) {
        listeners.add(listener);
    }

    private void notifyListeners(Operation operation) {
        listeners.forEach(listener -> listener.accept(operation));
    }

    /** The offset after the last event applied from {@code partition}. */
    public synchronized long nextOffset(int partition) {
        return nextOffsetByPartition.getOrDefault(partition, 0L);
    }

    public synchronized boolean contains(String operationId) {
        return operations.containsKey(operationId);
    }

    public synchronized Optional<OperationView> view(String operationId) {
        return Optional.ofNullable(operations.get(operationId)).map(op -> op.view(clock.instant()));
    }

    /** Every operation, newest first. */
    public synchronized List<OperationView> views() {
        List<OperationView> views = new ArrayList<>();
        operations.values().forEach(op -> views.add(op.view(clock.instant())));
        views.sort(Comparator.comparing(OperationView::acceptedAt).reversed().thenComparing(OperationView::id));
        return views;
    }

    /** The events of one operation (including the rejection of a request with that id), in log order per partition. */
    public synchronized List<ObjectNode> history(String operationId) {
        return List.copyOf(history.getOrDefault(operationId, List.of()));
    }

    /** The backups the event log knows, less those a completed delete or purge removed. */
    public synchronized List<BackupView> backups() {
        Set<String> deleted = operations.values().stream()
                .filter(op -> op.status() == OperationStatus.COMPLETED)
                .flatMap(op -> removes(op).stream())
                .collect(Collectors.toSet());
        return operations.values().stream()
                .filter(op -> op.kind() == OperationKind.BACKUP && !deleted.contains(op.id()))
                .map(op -> BackupView.of(op.view(clock.instant())))
                .sorted(Comparator.comparing(BackupView::acceptedAt).reversed())
                .toList();
    }

    /** A backup the event log knows; empty when a completed delete removed it. */
    public synchronized Optional<BackupView> backup(String backupId) {
        if (deletion(backupId)
                .filter(op -> op.status() == OperationStatus.COMPLETED)
                .isPresent()) {
            return Optional.empty();
        }
        return Optional.ofNullable(operations.get(backupId))
                .filter(op -> op.kind() == OperationKind.BACKUP)
                .map(op -> BackupView.of(op.view(clock.instant())));
    }

    /**
     * The delete (or purge) of a backup that removed it or is removing it: a completed one, else one not over yet.
     * Empty when no delete of it ran, or every one failed or was cancelled (the backup may then be deleted again).
     */
    public synchronized Optional<Operation> deletion(String backupId) {
        Operation running = null;
        for (Operation op : operations.values()) {
            if (!removes(op).contains(backupId)) {
                continue;
            }
            if (op.status() == OperationStatus.COMPLETED) {
                return Optional.of(op);
            }
            if (!op.status().isTerminal()) {
                running = op;
            }
        }
        return Optional.ofNullable(running);
    }

    /** The backups an operation removes: a delete's backup, the backups a purge chose (none for a dry run). */
    private static List<String> removes(Operation op) {
        if (op.kind() == OperationKind.DELETE) {
            return List.of(op.accepted().delete().backupId());
        }
        if (op.kind() == OperationKind.PURGE && !op.accepted().purge().deletesNothing()) {
            return op.accepted().plan().delete().stream()
                    .map(PurgePlan.Chosen::backupId)
                    .toList();
        }
        return List.of();
    }

    /** Every operation that is not over, in the order they were accepted. */
    public synchronized List<Operation> active() {
        return operations.values().stream()
                .filter(op -> !op.status().isTerminal())
                .toList();
    }

    /** Runs {@code action} on every operation that is not over, under the log's lock. */
    public synchronized void forEachActive(Consumer<Operation> action) {
        operations.values().stream()
                .filter(op -> !op.status().isTerminal())
                .toList()
                .forEach(action);
    }

    public synchronized Optional<Operation> operation(String operationId) {
        return Optional.ofNullable(operations.get(operationId));
    }

    public synchronized Map<OperationStatus, Long> countByStatus() {
        Map<OperationStatus, Long> counts = new LinkedHashMap<>();
        for (OperationStatus status : OperationStatus.values()) {
            counts.put(status, 0L);
        }
        operations.values().forEach(op -> counts.merge(op.status(), 1L, Long::sum));
        return counts;
    }
}
