package io.ringvault.coordinator.api;

import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationView;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** Reads of the folded state: operations, their history, and backups. Any coordinator instance can answer. */
@RestController
@RequestMapping("/api/v1")
public class OperationsController {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsController.class);

    private final OperationLog log;
    private final BackupCatalog catalog;

    public OperationsController(OperationLog log, BackupCatalog catalog) {
        this.log = log;
        this.catalog = catalog;
    }

    @GetMapping("/operations")
    public List<OperationView> operations() {
        return log.views();
    }

    @GetMapping("/operations/{id}")
    public OperationView operation(@PathVariable String id) {
        return log.view(id).orElseThrow(() -> notFound("operation", id));
    }

    /** The full history of the operation: the CloudEvents exactly as they are on the events topic. */
    @GetMapping("/operations/{id}/events")
    public List<ObjectNode> events(@PathVariable String id) {
        List<ObjectNode> history = log.history(id);
        if (history.isEmpty()) {
            throw notFound("operation", id);
        }
        return history;
    }

    /**
     * The backups the event log knows, plus the complete ones only the object store's index knows (taken by another
     * deployment, or before the event log was lost): the bucket alone lists them.
     */
    @GetMapping("/backups")
    public List<BackupView> backups() {
        List<BackupView> known = log.backups();
        List<BackupView> all = new ArrayList<>(known);
        Set<String> ids = known.stream().map(BackupView::id).collect(Collectors.toSet());
        try {
            catalog.index().backups().stream()
                    .filter(entry -> !ids.contains(entry.backupId()))
                    .map(BackupView::of)
                    .forEach(all::add);
        } catch (RuntimeException e) {
            // The event log's backups are still right; say why the bucket's are missing.
            LOG.warn("backup index unreadable, listing the event log's backups only: {}", e.getMessage());
        }
        all.sort(Comparator.comparing(
                        (BackupView b) -> b.acceptedAt() != null ? b.acceptedAt() : b.finishedAt(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BackupView::id));
        return all;
    }

    @GetMapping("/backups/{id}")
    public BackupView backup(@PathVariable String id) {
        return log.backup(id)
                .or(() -> catalog.index().backups().stream()
                        .filter(entry -> entry.backupId().equals(id))
                        .findFirst()
                        .map(BackupView::of))
                .orElseThrow(() -> notFound("backup", id));
    }

    private static RequestRejectedException notFound(String what, String id) {
        return new RequestRejectedException("unknown-" + what, what + " '" + id + "' does not exist", 404);
    }
}
