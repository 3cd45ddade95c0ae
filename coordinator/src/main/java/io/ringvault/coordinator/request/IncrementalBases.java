package io.ringvault.coordinator.request;

import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.catalog.BackupCatalog;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the backup an incremental backup builds on: a complete, whole (not partial) backup in the index with the same
 * keyspaces, tables and datacenters, the newest unless the request names one. Its nodes decide which nodes ship their
 * {@code backups/} directories: a node it lacks has no earlier files to build on, so it takes a snapshot instead.
 */
public class IncrementalBases {
    private final BackupCatalog catalog;

    public IncrementalBases(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * What an incremental backup builds on.
     *
     * @param backupId the backup it builds on
     * @param snapshotNodes the host ids of the nodes in scope that backup lacks
     */
    public record Base(String backupId, List<String> snapshotNodes) {}

    /**
     * The base of {@code request}, an incremental backup over {@code scope}.
     *
     * @throws RequestRejectedException {@code no-base-backup} when there is none, or the named one does not fit
     */
    public Base resolve(BackupRequested request, BackupScope scope) {
        Set<String> datacenters = Stream.concat(
                        scope.nodes().stream(),
                        scope.partial() == null ? Stream.<NodeRef>empty() : scope.partial().missingNodes().stream())
                .map(NodeRef::datacenter)
                .collect(Collectors.toCollection(TreeSet::new));
        List<BackupIndex.Entry> backups = catalog.index().backups();
        BackupIndex.Entry base;
        if (request.buildsOn() != null) {
            base = backups.stream()
                    .filter(entry -> entry.backupId().equals(request.buildsOn()))
                    .findFirst()
                    .orElseThrow(() -> RequestRejectedException.invalid(
                            FailureReason.NO_BASE_BACKUP,
                            "buildsOn names backup '" + request.buildsOn() + "', which is not a complete backup in "
                                    + catalog.describeStore()));
            mismatch(base, request, datacenters).ifPresent(why -> {
                throw RequestRejectedException.invalid(
                        FailureReason.NO_BASE_BACKUP,
                        "an incremental backup cannot build on backup '" + request.buildsOn() + "': " + why);
            });
        } else {
            base = backups.stream()
                    .filter(entry -> mismatch(entry, request, datacenters).isEmpty())
                    .max(Comparator.comparing(BackupIndex.Entry::completedAt))
                    .orElseThrow(() -> RequestRejectedException.invalid(
                            FailureReason.NO_BASE_BACKUP,
                            "an incremental backup builds on a complete backup of the same keyspaces "
                                    + sorted(request.keyspaces()) + ", tables " + sorted(request.tables())
                                    + " and datacenters "
                                    + datacenters + ", and there is none: take a snapshot backup (mode differential"
                                    + " or full) first"));
        }
        BackupManifest manifest = catalog.manifest(base.backupId())
                .orElseThrow(() -> RequestRejectedException.invalid(
                        FailureReason.NO_BASE_BACKUP,
                        "backup '" + base.backupId() + "' is in the index but its manifest is missing from "
                                + catalog.describeStore()));
        Set<String> held = new HashSet<>();
        manifest.nodes().forEach(node -> held.add(node.hostId()));
        List<String> snapshotNodes = scope.nodes().stream()
                .map(NodeRef::hostId)
                .filter(hostId -> !held.contains(hostId))
                .sorted()
                .toList();
        return new Base(base.backupId(), snapshotNodes);
    }

    /** Why {@code entry} cannot be the base of {@code request}; empty when it can. */
    private static Optional<String> mismatch(
            BackupIndex.Entry entry, BackupRequested request, Set<String> datacenters) {
        if (!sorted(entry.keyspaces()).equals(sorted(request.keyspaces()))) {
            return Optional.of(
                    "it holds keyspaces " + sorted(entry.keyspaces()) + ", not " + sorted(request.keyspaces()));
        }
        if (!sorted(entry.tables()).equals(sorted(request.tables()))) {
            return Optional.of("it holds tables " + sorted(entry.tables()) + ", not " + sorted(request.tables()));
        }
        if (!sorted(entry.datacenters()).equals(datacenters)) {
            return Optional.of("it covers datacenters " + sorted(entry.datacenters()) + ", not " + datacenters);
        }
        if (entry.partial()) {
            return Optional.of("it is partial: nodes were down, so it lacks their data");
        }
        return Optional.empty();
    }

    private static Set<String> sorted(List<String> values) {
        return new TreeSet<>(values);
    }
}
