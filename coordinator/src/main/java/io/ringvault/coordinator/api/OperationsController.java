package io.ringvault.coordinator.api;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.catalog.BackupUsage;
import io.ringvault.coordinator.catalog.NodeTokens;
import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationStatus;
import io.ringvault.coordinator.operation.OperationView;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** Reads of the folded state: operations, their history, and backups. Any coordinator instance can answer. */
@RestController
@RequestMapping("/api/v1")
public class OperationsController {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsController.class);

    private final OperationLog log;
    private final BackupCatalog catalog;
    private final BackupUsage usage;

    public OperationsController(OperationLog log, BackupCatalog catalog, BackupUsage usage) {
        this.log = log;
        this.catalog = catalog;
        this.usage = usage;
    }

    @GetMapping("/operations")
    public List<OperationView> operations() {
        return log.views();
    }

    @GetMapping("/operations/{id}")
    public OperationView operation(@PathVariable String id) {
        return log.view(id).orElseThrow(() -> notFound(FailureReason.UNKNOWN_OPERATION, "operation", id));
    }

    /** The full history of the operation: the CloudEvents exactly as they are on the events topic. */
    @GetMapping("/operations/{id}/events")
    public List<ObjectNode> events(@PathVariable String id) {
        List<ObjectNode> history = log.history(id);
        if (history.isEmpty()) {
            throw notFound(FailureReason.UNKNOWN_OPERATION, "operation", id);
        }
        return history;
    }

    /**
     * The backups the event log knows, plus the complete ones only the object store's index knows (taken by another
     * deployment, or before the event log was lost): the bucket alone lists them. Each complete backup says what
     * deleting it would free ({@link BackupUsage}: the index, and the manifests of backups not seen before).
     */
    @GetMapping("/backups")
    public List<BackupView> backups() {
        List<BackupView> known = log.backups();
        List<BackupView> all = new ArrayList<>(known);
        Set<String> ids = known.stream().map(BackupView::id).collect(Collectors.toSet());
        BackupUsage.Report report = null;
        try {
            report = usage.refresh();
            report.backups().stream()
                    .filter(entry -> !ids.contains(entry.backupId()))
                    // The delete removes the entry when it starts; this covers an index written back meanwhile.
                    .filter(entry -> log.deletion(entry.backupId())
                            .filter(op -> op.status() == OperationStatus.COMPLETED)
                            .isEmpty())
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
        return report == null ? all : all.stream().map(withUsage(report)).toList();
    }

    private static Function<BackupView, BackupView> withUsage(BackupUsage.Report report) {
        Map<String, String> schedules = new HashMap<>();
        report.backups().stream()
                .filter(entry -> entry.schedule() != null)
                .forEach(entry -> schedules.put(entry.backupId(), entry.schedule()));
        return view -> {
            BackupUsage.Measure measure = report.measures().get(view.id());
            return view.withUsage(measure == null ? null : measure.uniqueBytes(), schedules.get(view.id()));
        };
    }

    @GetMapping("/backups/{id}")
    public BackupView backup(@PathVariable String id) {
        BackupView backup = log.backup(id)
                .or(() -> catalog.index().backups().stream()
                        .filter(entry -> entry.backupId().equals(id))
                        .findFirst()
                        .map(this::fromIndex))
                .orElseThrow(() -> notFound(FailureReason.UNKNOWN_BACKUP, "backup", id));
        try {
            return withUsage(usage.refresh()).apply(backup);
        } catch (RuntimeException e) {
            LOG.warn("backup {}: its unique bytes are unknown, the store could not be read: {}", id, e.getMessage());
            return backup;
        }
    }

    /**
     * Each node's tokens and the {@code cassandra.yaml} lines a new node needs to own the same ones: how a restore into
     * a brand-new cluster of the same shape pins its tokens, so the restore can import rather than stream.
     *
     * @param sourceCluster the cluster name the backup is stored under; the deployment's own by default
     */
    @GetMapping("/backups/{id}/tokens")
    public List<NodeTokens> tokens(@PathVariable String id, @RequestParam(required = false) String sourceCluster) {
        if (sourceCluster != null && !sourceCluster.isBlank() && !OperationId.isValid(sourceCluster)) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_ID, "sourceCluster '" + sourceCluster + "' must be " + OperationId.RULE);
        }
        String cluster = sourceCluster == null || sourceCluster.isBlank()
                ? catalog.layout().cluster()
                : sourceCluster;
        return catalog.tokens(cluster, id).orElseThrow(() -> notFound(FailureReason.UNKNOWN_BACKUP, "backup", id));
    }

    /** A backup only the index knows; for a partial one, its manifest says which nodes and ranges it lacks. */
    private BackupView fromIndex(BackupIndex.Entry entry) {
        if (entry.logicalBackup()) {
            // The index has no room for rows per table: the manifest has them.
            try {
                Optional<BackupManifest> manifest = catalog.manifest(entry.backupId());
                return BackupView.of(
                                entry, manifest.map(BackupManifest::partial).orElse(null))
                        .withRows(manifest.map(BackupManifest::rows).orElse(null));
            } catch (RuntimeException e) {
                LOG.warn("backup manifest unreadable backupId={}: {}", entry.backupId(), e.getMessage());
                return BackupView.of(entry);
            }
        }
        if (!entry.partial()) {
            return BackupView.of(entry);
        }
        try {
            return BackupView.of(
                    entry,
                    catalog.manifest(entry.backupId())
                            .map(BackupManifest::partial)
                            .orElse(null));
        } catch (RuntimeException e) {
            LOG.warn("backup manifest unreadable backupId={}: {}", entry.backupId(), e.getMessage());
            return BackupView.of(entry);
        }
    }

    private static RequestRejectedException notFound(FailureReason reason, String what, String id) {
        return RequestRejectedException.notFound(reason, what + " '" + id + "' does not exist");
    }
}
