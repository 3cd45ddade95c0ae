package io.ringvault.coordinator.request;

import io.ringvault.common.Envelope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CancelOperation;
import io.ringvault.common.message.CancelRequested;
import io.ringvault.common.message.ClearSnapshot;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.OperationAccepted;
import io.ringvault.common.message.OperationCancelled;
import io.ringvault.common.message.OperationCompleted;
import io.ringvault.common.message.OperationFailed;
import io.ringvault.common.message.OperationId;
import io.ringvault.common.message.OperationKind;
import io.ringvault.common.message.PurgePlan;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.ScheduleRequest;
import io.ringvault.common.message.StartCopy;
import io.ringvault.common.message.StartDelete;
import io.ringvault.common.message.StartGc;
import io.ringvault.common.message.StartPurge;
import io.ringvault.common.message.StartRestore;
import io.ringvault.common.message.StartVerify;
import io.ringvault.common.message.TakeSnapshot;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.lifecycle.OperationDriver;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.Operation;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.retention.RetentionSettings;
import io.ringvault.coordinator.schedule.ScheduleService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request, from REST or Kafka alike, into an operation: validates it, records {@code operation.accepted} on the
 * event log and sends the first commands. The request's id is the operation id, so the same request twice is one
 * operation.
 */
public class RequestService {
    private static final Logger LOG = LoggerFactory.getLogger(RequestService.class);
    /** How long an accepted id is remembered before the log has folded it back in. */
    private static final Duration PENDING_MEMORY = Duration.ofMinutes(5);

    private static final Duration DEFAULT_GRACE_PERIOD = Duration.ofHours(6);

    private final RequestValidator validator;
    private final EventSink publisher;
    private final OperationDriver driver;
    /** The cluster name this deployment stores its backups under: where a restore reads unless told otherwise. */
    private final String ownCluster;

    private final OperationLog log;
    /** The index's only writer: a delete removes its backup's entry before the restorer deletes anything. */
    private final BackupCatalog catalog;

    /** What a purge is judged by besides its request: the cluster's policy, the time zone, the schedules' policies. */
    private final RetentionSettings retention;

    private final Map<String, Instant> acceptedNotYetFolded = new ConcurrentHashMap<>();
    /**
     * The kind of each operation accepted here whose {@code operation.accepted} the log may not have folded yet: the
     * exclusion rule ({@link Exclusions}) holds against those too, so that a backup and a gc submitted one right after
     * the other are never both accepted by this instance.
     */
    private final Map<String, OperationKind> pendingKinds = new ConcurrentHashMap<>();
    /** The grace period of a gc request that does not set one. */
    private final Duration defaultGracePeriod;
    /** Schedule requests go there; null where schedules are not wired (they are then refused). */
    private final ScheduleService schedules;

    /** A service whose purges must bring their own policy: none is configured. */
    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster) {
        this(
                validator,
                publisher,
                log,
                driver,
                catalog,
                ownCluster,
                RetentionSettings.none(Clock.systemUTC()),
                DEFAULT_GRACE_PERIOD);
    }

    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster,
            RetentionSettings retention) {
        this(validator, publisher, log, driver, catalog, ownCluster, retention, DEFAULT_GRACE_PERIOD);
    }

    /** @param defaultGracePeriod the grace period of a gc request that does not set one */
    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster,
            Duration defaultGracePeriod) {
        this(
                validator,
                publisher,
                log,
                driver,
                catalog,
                ownCluster,
                RetentionSettings.none(Clock.systemUTC()),
                defaultGracePeriod);
    }

    /** Without schedules: a schedule request is refused. */
    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster,
            RetentionSettings retention,
            Duration defaultGracePeriod) {
        this(validator, publisher, log, driver, catalog, ownCluster, retention, defaultGracePeriod, null);
    }

    /** With the default retention (none) and grace period: how the schedules' tests build it. */
    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster,
            ScheduleService schedules) {
        this(
                validator,
                publisher,
                log,
                driver,
                catalog,
                ownCluster,
                RetentionSettings.none(Clock.systemUTC()),
                DEFAULT_GRACE_PERIOD,
                schedules);
    }

    /**
     * @param retention the cluster's retention policy, the schedules' and the clock a purge is evaluated with
     * @param defaultGracePeriod the grace period of a gc request that does not set one
     * @param schedules where schedule requests go; null: refused
     */
    public RequestService(
            RequestValidator validator,
            EventSink publisher,
            OperationLog log,
            OperationDriver driver,
            BackupCatalog catalog,
            String ownCluster,
            RetentionSettings retention,
            Duration defaultGracePeriod,
            ScheduleService schedules) {
        this.retention = retention;
        this.defaultGracePeriod = defaultGracePeriod;
        this.schedules = schedules;
        this.validator = validator;
        this.catalog = catalog;
        this.publisher = publisher;
        this.driver = driver;
        this.ownCluster = ownCluster;
        this.log = log;
    }

    /** What became of a request. */
    public record Outcome(String operationId, boolean duplicate) {}

    public Outcome submit(Envelope<? extends Request> request, String channel) {
        Request data = request.data();
        if (data instanceof CancelRequested cancel) {
            return cancel(cancel, request.source());
        }
        if (data instanceof ScheduleRequest schedule) {
            // Not an operation: the schedule's name is what the outcome names.
            if (schedules == null) {
                throw RequestRejectedException.invalid(
                        FailureReason.NOT_A_REQUEST, "this coordinator does not take schedule requests");
            }
            ScheduleService.Outcome outcome = schedules.submit(schedule, request.source(), channel);
            return new Outcome(outcome.name(), !outcome.changed());
        }
        String operationId = request.id();
        if (!OperationId.isValid(operationId)) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_ID,
                    "request id '" + operationId
                            + "' cannot be an operation id: use 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        // One request at a time per id, so that two copies arriving together still make one operation.
        synchronized (this) {
            forgetOldPending();
            if (log.contains(operationId) || acceptedNotYetFolded.containsKey(operationId)) {
                LOG.info("duplicate request ignored operationId={} channel={}", operationId, channel);
                return new Outcome(operationId, true);
            }
            if (data instanceof GcRequested gc) {
                // A bad grace period is refused as such, whatever runs.
                RequestValidator.gracePeriod(gc, defaultGracePeriod);
            }
            requireNoPendingConflict(data);
            if (data instanceof BackupRequested requested) {
                BackupScope scope = validator.validateBackup(requested);
                List<NodeRef> nodes = scope.nodes();
                if (requested.mode() == BackupMode.INCREMENTAL) {
                    requireNoRunningBackup();
                }
                // An incremental backup records what it builds on, so the audit trail and the manifest name it.
                IncrementalBases.Base base = requested.mode() == BackupMode.INCREMENTAL
                        ? new IncrementalBases(catalog).resolve(requested, scope)
                        : null;
                BackupRequested backup = base == null ? requested : requested.buildingOn(base.backupId());
                publisher.publish(
                        operationId,
                        new OperationAccepted(
                                OperationKind.BACKUP,
                                request.type().type(),
                                request.source(),
                                channel,
                                backup.requestedBy(),
                                backup,
                                null,
                                nodes,
                                scope.partial()));
                acceptedNotYetFolded.put(operationId, Instant.now());
                publisher.publish(
                        operationId,
                        new TakeSnapshot(
                                operationId,
                                backup.keyspaces(),
                                backup.tables(),
                                backup.mode(),
                                nodes,
                                base == null ? List.of() : base.snapshotNodes(),
                                backup.enableIncrementalBackups(),
                                backup.flush(),
                                backup.method(),
                                backup.format()));
                LOG.info(
                        "backup accepted operationId={} method={} mode={} buildsOn={} keyspaces={} nodes={}"
                                + " missingNodes={} channel={}",
                        operationId,
                        backup.logicalBackup() ? "logical" : "snapshot",
                        backup.mode(),
                        backup.buildsOn(),
                        backup.keyspaces(),
                        nodes.size(),
                        scope.partial() == null
                                ? 0
                                : scope.partial().missingNodes().size(),
                        channel);
            } else if (data instanceof RestoreRequested requested) {
                // A point in time becomes the backup that holds it, recorded in operation.accepted.
                if (requested.until() != null
                        && requested.sourceCluster() != null
                        && !requested.sourceCluster().equals(ownCluster)) {
                    throw RequestRejectedException.invalid(
                            FailureReason.INVALID_REQUEST,
                            "until is for this cluster's backups: restore a backup of cluster '"
                                    + requested.sourceCluster() + "' by its id instead");
                }
                RestoreRequested restore = requested.until() == null
                        ? requested
                        : requested.restoring(
                                new PointsInTime(catalog).resolve(requested.backupId(), requested.until()));
                List<NodeRef> nodes = validator.validateRestore(restore);
                publisher.publish(
                        operationId,
                        new OperationAccepted(
                                OperationKind.RESTORE,
                                request.type().type(),
                                request.source(),
                                channel,
                                restore.requestedBy(),
                                null,
                                restore,
                                nodes));
                acceptedNotYetFolded.put(operationId, Instant.now());
                publisher.publish(
                        operationId,
                        new StartRestore(
                                restore, restore.sourceCluster() == null ? ownCluster : restore.sourceCluster()));
                LOG.info(
                        "restore accepted operationId={} backupId={} datacenters={} nodes={} channel={}",
                        operationId,
                        restore.backupId(),
                        restore.datacenters().isEmpty() ? "all of the backup's" : restore.datacenters(),
                        nodes.size(),
                        channel);
            } else if (data instanceof VerifyRequested verify) {
                validator.validateVerify(verify);
                publisher.publish(
                        operationId,
                        OperationAccepted.verify(request.type().type(), request.source(), channel, verify));
                acceptedNotYetFolded.put(operationId, Instant.now());
                publisher.publish(operationId, new StartVerify(verify, ownCluster));
                LOG.info(
                        "verify accepted operationId={} backupId={} deep={} channel={}",
                        operationId,
                        verify.backupId(),
                        verify.rereads(),
                        channel);
            } else if (data instanceof CopyRequested copy) {
                validator.validateCopy(copy);
                publisher.publish(
                        operationId, OperationAccepted.copy(request.type().type(), request.source(), channel, copy));
                acceptedNotYetFolded.put(operationId, Instant.now());
                publisher.publish(operationId, new StartCopy(copy, ownCluster));
                LOG.info(
                        "copy accepted operationId={} backupId={} target={} channel={}",
                        operationId,
                        copy.backupId(),
                        copy.target(),
                        channel);
            } else if (data instanceof DeleteRequested delete) {
                validator.validateDelete(delete);
                publisher.publish(
                        operationId,
                        OperationAccepted.delete(request.type().type(), request.source(), channel, delete));
                acceptedNotYetFolded.put(operationId, Instant.now());
                // Off the index first, so that nothing new starts from the backup; the restorer then deletes the
                // backup manifest, the objects no other backup references, and the node manifests.
                try {
                    catalog.unlist(delete.backupId());
                } catch (RuntimeException e) {
                    publisher.publish(
                            operationId,
                            new OperationFailed(
                                    FailureReason.STORAGE_FAILED,
                                    "the backup index could not be rewritten without backup " + delete.backupId() + " ("
                                            + e.getMessage() + "); nothing was deleted",
                                    Map.of()));
                    LOG.warn(
                            "delete failed operationId={} backupId={}: index not written",
                            operationId,
                            delete.backupId(),
                            e);
                    return new Outcome(operationId, false);
                }
                publisher.publish(operationId, new StartDelete(delete, ownCluster));
                LOG.info(
                        "delete accepted operationId={} backupId={} channel={}",
                        operationId,
                        delete.backupId(),
                        channel);
            } else if (data instanceof PurgeRequested purge) {
                return acceptPurge(request, channel, purge);
            } else if (data instanceof GcRequested gc) {
                Duration grace = validator.validateGc(gc, defaultGracePeriod);
                // The cutoff is fixed here, once: a restorer that runs the command again uses the same one.
                Instant cutoff = Instant.now().minus(grace);
                publisher.publish(
                        operationId, OperationAccepted.gc(request.type().type(), request.source(), channel, gc));
                acceptedNotYetFolded.put(operationId, Instant.now());
                publisher.publish(operationId, new StartGc(gc, ownCluster, cutoff, gc.dry()));
                LOG.info(
                        "gc accepted operationId={} gracePeriod={} cutoff={} dryRun={} channel={}",
                        operationId,
                        grace,
                        cutoff,
                        gc.dry(),
                        channel);
            }
            OperationKind kind = kindOf(data);
            if (kind != null) {
                pendingKinds.put(operationId, kind);
            }
            return new Outcome(operationId, false);
        }
    }

    /**
     * A purge is decided here, once: the policy is evaluated against the index and the plan goes into
     * {@code operation.accepted}. Unless it is a dry run, the chosen backups then leave the index, as a delete's does;
     * the restorer deletes their objects. With nothing to delete the operation completes at once.
     */
    private Outcome acceptPurge(Envelope<? extends Request> request, String channel, PurgeRequested purge) {
        String operationId = request.id();
        PurgePlan plan = validator.validatePurge(purge, retention);
        publisher.publish(
                operationId, OperationAccepted.purge(request.type().type(), request.source(), channel, purge, plan));
        acceptedNotYetFolded.put(operationId, Instant.now());
        if (plan.delete().isEmpty()) {
            publisher.publish(operationId, new OperationCompleted(OperationKind.PURGE, 0, 0, 0, 0));
            LOG.info(
                    "purge accepted with nothing to delete operationId={} kept={} dryRun={} channel={}",
                    operationId,
                    plan.keep().size(),
                    purge.deletesNothing(),
                    channel);
            return new Outcome(operationId, false);
        }
        if (!purge.deletesNothing()) {
            try {
                catalog.unlist(
                        plan.delete().stream().map(PurgePlan.Chosen::backupId).toList());
            } catch (RuntimeException e) {
                publisher.publish(
                        operationId,
                        new OperationFailed(
                                FailureReason.STORAGE_FAILED,
                                "the backup index could not be rewritten without the "
                                        + plan.delete().size() + " backup(s) of the purge (" + e.getMessage()
                                        + "); nothing was deleted",
                                Map.of()));
                LOG.warn("purge failed operationId={}: index not written", operationId, e);
                return new Outcome(operationId, false);
            }
        }
        publisher.publish(operationId, new StartPurge(purge, ownCluster, plan.delete(), purge.deletesNothing()));
        LOG.info(
                "purge accepted operationId={} delete={} kept={} dryRun={} channel={}",
                operationId,
                plan.delete().size(),
                plan.keep().size(),
                purge.deletesNothing(),
                channel);
        return new Outcome(operationId, false);
    }

    private Outcome cancel(CancelRequested cancel, String requestSource) {
        Operation operation = log.operation(cancel.operationId())
                .orElseThrow(() -> RequestRejectedException.notFound(
                        FailureReason.UNKNOWN_OPERATION, "operation '" + cancel.operationId() + "' does not exist"));
        if (operation.status().isTerminal()) {
            throw RequestRejectedException.conflict(
                    FailureReason.OPERATION_OVER,
                    "operation '" + cancel.operationId() + "' is already "
                            + operation.status().name().toLowerCase());
        }
        String who = cancel.requestedBy() == null ? requestSource : cancel.requestedBy();
        if (operation.kind() == OperationKind.RESTORE) {
            // The restorer stops, cleans its staging area and says what was imported; the driver then ends it.
            driver.restoreCancelRequested(operation.id(), cancel.requestedBy(), requestSource);
            publisher.publish(operation.id(), new CancelOperation("cancelled by " + who));
            LOG.info("restore cancel requested operationId={} by={}", operation.id(), who);
            return new Outcome(operation.id(), false);
        }
        publisher.publish(operation.id(), new CancelOperation("cancelled by " + who));
        if (operation.kind() == OperationKind.BACKUP) {
            // A verify changes nothing anywhere: its restorer just stops reading, and there is no snapshot to clear.
            publisher.publish(operation.id(), new ClearSnapshot(operation.id(), operation.nodeRefs()));
        }
        publisher.publish(operation.id(), new OperationCancelled(cancel.requestedBy(), requestSource));
        LOG.info("operation cancelled operationId={} by={}", operation.id(), who);
        return new Outcome(operation.id(), false);
    }

    private void forgetOldPending() {
        Instant horizon = Instant.now().minus(PENDING_MEMORY);
        acceptedNotYetFolded
                .entrySet()
                .removeIf(entry -> entry.getValue().isBefore(horizon) || log.contains(entry.getKey()));
        pendingKinds.keySet().removeIf(id -> !acceptedNotYetFolded.containsKey(id));
    }

    /**
     * The exclusion rule against the operations this instance accepted that the log has not folded yet (the validator
     * checks those it has). Only for the kinds a garbage collection excludes or is excluded by.
     */
    /**
     * An incremental backup waits while any backup runs: it would build on the backup before that one, and the running
     * backup removes the {@code backups/} links it ships once it completes, perhaps before this one links them. The
     * newer backup would then lack those files, and every later one built on it too.
     */
    private void requireNoRunningBackup() {
        Stream.concat(
                        log.active().stream()
                                .filter(active -> active.kind() == OperationKind.BACKUP)
                                .map(Operation::id),
                        pendingKinds.entrySet().stream()
                                .filter(pending -> pending.getValue() == OperationKind.BACKUP)
                                .filter(pending -> !log.contains(pending.getKey()))
                                .map(Map.Entry::getKey))
                .findFirst()
                .ifPresent(running -> {
                    throw RequestRejectedException.conflict(
                            FailureReason.BACKUP_IN_PROGRESS,
                            "backup " + running + " is running: an incremental backup waits until it is over, so that"
                                    + " it builds on it and ships every backups/ file it leaves");
                });
    }

    private void requireNoPendingConflict(Request data) {
        OperationKind requested = kindOf(data);
        if (requested == null) {
            return;
        }
        for (Map.Entry<String, OperationKind> pending : pendingKinds.entrySet()) {
            if (log.contains(pending.getKey())) {
                continue; // folded: the validator sees it, with its status
            }
            if (requested != OperationKind.GC && pending.getValue() != OperationKind.GC) {
                continue;
            }
            Exclusions.conflict(requested, pending.getValue(), pending.getKey()).ifPresent(refusal -> {
                throw refusal;
            });
        }
    }

    private static OperationKind kindOf(Request data) {
        if (data instanceof BackupRequested) {
            return OperationKind.BACKUP;
        }
        if (data instanceof DeleteRequested) {
            return OperationKind.DELETE;
        }
        if (data instanceof GcRequested) {
            return OperationKind.GC;
        }
        return null;
    }
}
