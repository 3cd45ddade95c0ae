package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agent.node.CassandraNode;
import io.ringvault.agent.node.NodeState;
import io.ringvault.agent.snapshot.SnapshotRecord.Status;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.NodeRef;
import io.ringvault.common.message.TakeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The life cycle against a fake Cassandra that writes snapshot directories the way the real one does. */
class SnapshotServiceTest {
    private static final NodeRef NODE = new NodeRef("host-1", "10.0.0.1", "dc1", "rack1");
    private static final String TABLE_DIRECTORY = "orders-0123456789abcdef0123456789abcdef";

    @TempDir
    Path root;

    private Path data;
    private FakeCassandra cassandra;
    private SnapshotRegistry registry;
    private SnapshotService service;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        Files.createDirectories(data.resolve("shop").resolve(TABLE_DIRECTORY));
        cassandra = new FakeCassandra(data);
        registry = new SnapshotRegistry(root.resolve("work"));
        service = newService();
    }

    private SnapshotService newService() {
        return new SnapshotService(
                new FakeNode(),
                cassandra,
                new SnapshotLister(List.of(data)),
                registry,
                new BackupsDirectories(List.of(data)),
                new BackupsDirectoryGaps(root.resolve("work")),
                Clock.fixed(Instant.parse("2026-03-14T02:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void shouldTakeListAndRecordASnapshot() {
        TakenSnapshot taken = service.take(command("b1")).orElseThrow();

        assertThat(taken.files())
                .extracting(SnapshotFile::fileName)
                .containsExactly("manifest.json", "nb-1-big-Data.db");
        assertThat(taken.totalBytes()).isEqualTo(2 + 4);
        assertThat(taken.schema()).containsEntry("shop", "CREATE KEYSPACE shop;");
        assertThat(registry.isTaken("b1")).isTrue();
        assertThat(cassandra.calls).containsExactly("take b1 [shop]");
    }

    @Test
    void shouldListAgainWithoutAskingCassandraWhenAlreadyTaken() {
        service.take(command("b1"));
        TakenSnapshot again = service.take(command("b1")).orElseThrow();

        assertThat(again.files()).hasSize(2);
        assertThat(cassandra.calls).containsExactly("take b1 [shop]");
    }

    @Test
    void shouldClearAndRetakeASnapshotInterruptedByACrash() {
        registry.put(new SnapshotRecord("b1", List.of("shop"), Map.of(), Status.TAKING, Instant.now()));

        service.take(command("b1"));

        assertThat(cassandra.calls).containsExactly("clear b1", "take b1 [shop]");
        assertThat(registry.isTaken("b1")).isTrue();
    }

    @Test
    void shouldListAnExistingSnapshotWhenTheStateWasLost() {
        cassandra.take("b1");
        cassandra.calls.clear();

        assertThat(service.take(command("b1")).orElseThrow().files()).hasSize(2);
        assertThat(registry.isTaken("b1")).isTrue();
    }

    @Test
    void shouldClearAndForgetWhenCassandraFails() {
        cassandra.failTake = true;

        assertThatThrownBy(() -> service.take(command("b1")))
                .isInstanceOfSatisfying(
                        SnapshotFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.SNAPSHOT_FAILED))
                .hasMessageContaining("disk full");
        assertThat(cassandra.calls).containsExactly("take b1 [shop]", "clear b1");
        assertThat(registry.get("b1")).isEmpty();
    }

    @Test
    void shouldFailWhenATableHasNoSnapshotUnderTheDataDirectories() {
        cassandra.writeFiles = false;

        assertThatThrownBy(() -> service.take(command("b1")))
                .isInstanceOfSatisfying(
                        SnapshotFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.SNAPSHOT_INCOMPLETE))
                .hasMessageContaining("shop.orders")
                .hasMessageContaining(data.toString());
        assertThat(cassandra.calls).endsWith("clear b1");
    }

    @Test
    void shouldRetryAClearThatFailedAndIgnoreTheOperationAfterwards() {
        service.take(command("b1"));
        cassandra.failClear = true;

        assertThat(service.clear("b1", "test", false)).isFalse();
        assertThat(registry.get("b1")).get().extracting(SnapshotRecord::status).isEqualTo(Status.CLEARING);

        cassandra.failClear = false;
        service.retryPendingClears();
        assertThat(registry.get("b1")).isEmpty();
        assertThat(cassandra.exists("b1")).isFalse();

        assertThat(service.take(command("b1"))).isEmpty();
        assertThat(cassandra.exists("b1")).isFalse();
    }

    @Test
    void shouldClearOnlyFinishedOperationsAtStartUp() {
        service.take(command("done"));
        service.take(command("running"));

        SnapshotService restarted = newService();
        restarted.recover(Set.of("done", "unrelated"));

        assertThat(registry.get("done")).isEmpty();
        assertThat(cassandra.exists("done")).isFalse();
        assertThat(registry.isTaken("running")).isTrue();
        assertThat(restarted.take(command("done"))).isEmpty();
    }

    @Test
    void shouldClearOnCancelOnlyWhatItHolds() {
        assertThat(service.clear("never-taken", "cancel", true)).isFalse();
        assertThat(cassandra.calls).isEmpty();
    }

    private static TakeSnapshot incremental(String backupId, boolean enable, List<String> snapshotNodes) {
        return new TakeSnapshot(
                backupId, List.of("shop"), List.of(), BackupMode.INCREMENTAL, List.of(NODE), snapshotNodes, enable);
    }

    private Path backups() {
        return data.resolve("shop").resolve(TABLE_DIRECTORY).resolve("backups");
    }

    private List<String> backupsFiles() throws Exception {
        if (!Files.isDirectory(backups())) {
            return List.of();
        }
        try (var files = Files.list(backups())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void shouldShipTheBackupsDirectoryAfterAFlushAndReleaseOnlyWhatTheBackupHolds() throws Exception {
        cassandra.incrementalBackups = true;
        cassandra.flush("shop", List.of());

        TakenSnapshot taken = service.take(incremental("i1", false, List.of())).orElseThrow();

        assertThat(taken.incremental()).isTrue();
        assertThat(taken.note()).isNull();
        // The flush the incremental asked for wrote nb-101; nb-100 was flushed before.
        assertThat(taken.files())
                .extracting(SnapshotFile::fileName)
                .containsExactly("manifest.json", "nb-100-big-Data.db", "nb-101-big-Data.db");
        assertThat(cassandra.calls).containsExactly("flush shop []", "flush shop []");
        assertThat(registry.get("i1").orElseThrow().incremental()).isTrue();

        cassandra.flush("shop", List.of()); // flushed after the backup: the next incremental ships it
        service.clear("i1", "completed", false, true);

        assertThat(backupsFiles()).containsExactly("nb-102-big-Data.db");
        assertThat(data.resolve("shop").resolve(TABLE_DIRECTORY).resolve("nb-101-big-Data.db"))
                .as("releasing removes the backups/ link, never the live SSTable")
                .exists();
    }

    @Test
    void shouldKeepTheBackupsDirectoryWhenTheBackupDidNotComplete() throws Exception {
        cassandra.incrementalBackups = true;
        service.take(incremental("i1", false, List.of()));

        service.clear("i1", "failed", false, false);

        assertThat(backupsFiles()).containsExactly("nb-100-big-Data.db");
    }

    @Test
    void shouldRefuseAnIncrementalBackupWhenIncrementalBackupsAreOff() {
        assertThatThrownBy(() -> service.take(incremental("i1", false, List.of())))
                .isInstanceOfSatisfying(SnapshotFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INCREMENTAL_BACKUPS_DISABLED);
                    assertThat(e.getMessage()).contains("host-1", "--enable-incremental-backups");
                });
        assertThat(cassandra.incrementalBackups).isFalse();
        assertThat(registry.get("i1")).isEmpty();
    }

    @Test
    void shouldSwitchIncrementalBackupsOnAndTakeASnapshotWhenAsked() {
        TakenSnapshot taken = service.take(incremental("i1", true, List.of())).orElseThrow();

        assertThat(cassandra.incrementalBackups).isTrue();
        assertThat(taken.incremental()).isFalse();
        assertThat(taken.note()).contains("switched on over JMX", "takes a snapshot");
        assertThat(cassandra.calls).containsExactly("enable incremental backups", "take i1 [shop]");
    }

    @Test
    void shouldTakeASnapshotOnANodeTheBaseBackupLacks() {
        cassandra.incrementalBackups = true;

        TakenSnapshot taken =
                service.take(incremental("i1", false, List.of(NODE.hostId()))).orElseThrow();

        assertThat(taken.incremental()).isFalse();
        assertThat(taken.note()).contains("does not hold this node");
        assertThat(cassandra.calls).containsExactly("take i1 [shop]");
    }

    @Test
    void shouldTakeASnapshotOfATableWhoseUnshippedFilesWereRemovedUntilASnapshotBackupCompletes() throws Exception {
        cassandra.incrementalBackups = true;
        cassandra.flush("shop", List.of());
        Files.setLastModifiedTime(
                backups().resolve("nb-100-big-Data.db"),
                java.nio.file.attribute.FileTime.from(Instant.parse("2026-03-01T00:00:00Z")));
        BackupsDirectoryGaps gaps = new BackupsDirectoryGaps(root.resolve("work"));
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        new BackupsDirectoryPolicy(
                        new BackupsDirectories(List.of(data)),
                        gaps,
                        java.time.Duration.ofDays(7),
                        Clock.fixed(Instant.parse("2026-03-14T02:00:00Z"), ZoneOffset.UTC),
                        meters)
                .enforce();
        assertThat(backupsFiles()).isEmpty();
        assertThat(meters.get("ringvault.agent.backups.directory.bytes").gauge().value())
                .isZero();

        service = newService(); // the agent shares one record of gaps; here it is read from its file

        TakenSnapshot taken = service.take(incremental("i1", false, List.of())).orElseThrow();

        assertThat(taken.incremental()).isFalse();
        assertThat(taken.note()).contains("[shop.orders]", "removed unshipped");
        service.clear("i1", "completed", false, true);
        assertThat(newService()
                        .take(incremental("i2", false, List.of()))
                        .orElseThrow()
                        .incremental())
                .as("the snapshot closed the gap")
                .isTrue();
    }

    @Test
    void shouldReleaseWhatASnapshotBackupHoldsAndKeepWhatWasFlushedAfterIt() throws Exception {
        cassandra.incrementalBackups = true;
        cassandra.flush("shop", List.of()); // nb-100, before the snapshot
        Path early = backups().resolve("nb-100-big-Data.db");
        Files.setLastModifiedTime(early, java.nio.file.attribute.FileTime.from(Instant.parse("2026-03-14T01:00:00Z")));
        service.take(command("s1"));
        cassandra.flush("shop", List.of()); // nb-101, after it
        Files.setLastModifiedTime(
                backups().resolve("nb-101-big-Data.db"),
                java.nio.file.attribute.FileTime.from(Instant.parse("2026-03-14T03:00:00Z")));

        service.clear("s1", "completed", false, true);

        assertThat(backupsFiles()).containsExactly("nb-101-big-Data.db");
    }

    /** A logical export that writes one chunk file per table and reports its rows, as the agent's does. */
    private final class FakeExports implements LogicalExportRunner {
        final List<String> calls = new ArrayList<>();
        RuntimeException failure;
        Runnable whileExporting = () -> {};

        @Override
        public LogicalExport export(
                String backupId,
                SnapshotScope scope,
                String selfHostId,
                Set<String> inScope,
                io.ringvault.common.message.LogicalFormat format,
                java.util.function.Consumer<SnapshotFile> onFile) {
            calls.add("export " + backupId + " " + selfHostId + " " + new java.util.TreeSet<>(inScope));
            if (failure != null) {
                throw failure;
            }
            try {
                Path file = Files.createDirectories(
                                root.resolve("work/logical/" + backupId + "/shop/" + TABLE_DIRECTORY))
                        .resolve("00000-0001.rvlg");
                Files.writeString(file, "rows");
                SnapshotFile exported = new SnapshotFile(
                        0,
                        "shop",
                        "orders",
                        "0123456789abcdef0123456789abcdef",
                        TABLE_DIRECTORY,
                        "00000-0001.rvlg",
                        4,
                        file,
                        42L);
                onFile.accept(exported);
                // A chunk still being written: never announced.
                Files.writeString(file.resolveSibling("00000-0002.rvlg"), "partial");
                whileExporting.run();
                return new LogicalExport(
                        List.of(exported), Map.of("shop", "CREATE KEYSPACE shop;"), Map.of("shop.orders", 42L));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean cancel(String backupId) {
            calls.add("cancel " + backupId);
            return false;
        }

        @Override
        public void discard(String backupId) {
            calls.add("discard " + backupId);
        }
    }

    private SnapshotService serviceWith(FakeExports exports) {
        return new SnapshotService(
                new FakeNode(),
                cassandra,
                new SnapshotLister(List.of(data)),
                registry,
                new BackupsDirectories(List.of(data)),
                new BackupsDirectoryGaps(root.resolve("work")),
                Clock.fixed(Instant.parse("2026-03-14T02:00:00Z"), ZoneOffset.UTC),
                exports,
                announced);
    }

    private final AnnouncedFiles announced = new AnnouncedFiles();

    @Test
    void shouldAnnounceEachExportedFileAndServeOnlyThoseWhileTheExportRuns() {
        FakeExports exports = new FakeExports();
        SnapshotService logical = serviceWith(exports);
        SnapshotFileAccess access =
                new SnapshotFileAccess(List.of(data), registry, root.resolve("work/logical"), announced);
        List<String> announcedFiles = new ArrayList<>();
        List<String> servedWhileExporting = new ArrayList<>();
        exports.whileExporting = () -> {
            assertThat(registry.get("lb"))
                    .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(Status.TAKING));
            servedWhileExporting.add(access.resolve("lb", "0", "shop", TABLE_DIRECTORY, "00000-0001.rvlg")
                    .getFileName()
                    .toString());
            assertThatThrownBy(() -> access.resolve("lb", "0", "shop", TABLE_DIRECTORY, "00000-0002.rvlg"))
                    .isInstanceOfSatisfying(
                            FileAccessException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.FILE_NOT_FOUND));
        };

        TakenSnapshot taken = logical.take(
                        TakeSnapshot.logical("lb", List.of("shop"), List.of(), List.of(NODE), null),
                        file -> announcedFiles.add(file.fileName() + " rows=" + file.rows()))
                .orElseThrow();

        assertThat(announcedFiles).containsExactly("00000-0001.rvlg rows=42");
        assertThat(servedWhileExporting).containsExactly("00000-0001.rvlg");
        assertThat(taken.filesAnnounced()).isTrue();
        assertThat(taken.files()).extracting(SnapshotFile::fileName).containsExactly("00000-0001.rvlg");
        // Once taken, the export's files are served as a taken snapshot's.
        assertThat(access.resolve("lb", "0", "shop", TABLE_DIRECTORY, "00000-0001.rvlg"))
                .exists();

        logical.clear("lb", "cancelled", true);
        assertThatThrownBy(() -> access.resolve("lb", "0", "shop", TABLE_DIRECTORY, "00000-0001.rvlg"))
                .isInstanceOf(FileAccessException.class);
    }

    @Test
    void shouldFailRatherThanExportAgainWhenTheCommandOfAnExportThatAnnouncedFilesComesBack() {
        FakeExports exports = new FakeExports();
        // The agent died in the middle of the export: its record says TAKING, its files may be stored already.
        registry.put(new SnapshotRecord(
                "lb", List.of("shop"), Map.of(), Status.TAKING, Instant.now(), false, Instant.now(), true));
        List<SnapshotFile> announcedAgain = new ArrayList<>();

        assertThatThrownBy(() -> serviceWith(exports)
                        .take(
                                TakeSnapshot.logical("lb", List.of("shop"), List.of(), List.of(NODE), null),
                                announcedAgain::add))
                .isInstanceOfSatisfying(SnapshotFailedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.SNAPSHOT_FAILED);
                    assertThat(e.getMessage()).contains("interrupted", "does not resume");
                });
        assertThat(announcedAgain).isEmpty();
        assertThat(exports.calls).containsExactly("discard lb");
        assertThat(registry.get("lb")).isEmpty();
    }

    @Test
    void shouldAnnounceALogicalBackupsFilesWithTheSnapshotWhenNoOneAnnouncesThemDuringTheExport() {
        TakenSnapshot taken = serviceWith(new FakeExports())
                .take(TakeSnapshot.logical("lb", List.of("shop"), List.of(), List.of(NODE), null))
                .orElseThrow();

        assertThat(taken.filesAnnounced()).isFalse();
        assertThat(taken.files()).hasSize(1);
    }

    @Test
    void shouldExportALogicalBackupWithoutASnapshotAndDiscardItWhenCleared() {
        FakeExports exports = new FakeExports();
        SnapshotService logical = serviceWith(exports);
        NodeRef other = new NodeRef("host-2", "10.0.0.2", "dc2", "rack1");

        TakenSnapshot taken = logical.take(
                        TakeSnapshot.logical("lb", List.of("shop"), List.of(), List.of(NODE, other), null))
                .orElseThrow();

        assertThat(taken.rows()).containsExactly(Map.entry("shop.orders", 42L));
        assertThat(taken.files()).extracting(SnapshotFile::fileName).containsExactly("00000-0001.rvlg");
        assertThat(taken.schema()).containsEntry("shop", "CREATE KEYSPACE shop;");
        assertThat(exports.calls).containsExactly("discard lb", "export lb host-1 [host-1, host-2]");
        assertThat(registry.get("lb"))
                .hasValueSatisfying(r -> assertThat(r.logical()).isTrue());
        assertThat(cassandra.calls)
                .as("no snapshot, nothing asked of Cassandra")
                .isEmpty();

        assertThat(logical.clear("lb", "clear command", false, true)).isTrue();
        assertThat(exports.calls).endsWith("discard lb");
        assertThat(registry.get("lb")).isEmpty();
        assertThat(cassandra.calls)
                .as("neither a snapshot to clear nor backups/ links released")
                .isEmpty();
    }

    @Test
    void shouldFailNamingTheTableAndLeaveNothingWhenAnExportFails() {
        FakeExports exports = new FakeExports();
        exports.failure = new SnapshotFailedException(
                io.ringvault.common.failure.FailureReason.CASSANDRA_ERROR,
                "logical export of table shop.orders failed: read timeout");
        SnapshotService logical = serviceWith(exports);

        assertThatThrownBy(() -> logical.take(TakeSnapshot.logical("lb", List.of("shop"), null, List.of(NODE), null)))
                .isInstanceOfSatisfying(SnapshotFailedException.class, e -> {
                    assertThat(e.reason().code()).isEqualTo("cassandra-error");
                    assertThat(e.getMessage()).contains("shop.orders");
                });
        assertThat(exports.calls).endsWith("discard lb");
        assertThat(registry.get("lb")).isEmpty();
    }

    @Test
    void shouldRefuseALogicalBackupWithoutAnExporter() {
        assertThatThrownBy(() -> service.take(TakeSnapshot.logical("lb", List.of("shop"), null, List.of(NODE), null)))
                .isInstanceOf(SnapshotFailedException.class)
                .hasMessageContaining("logical");
    }

    private static TakeSnapshot command(String backupId) {
        return new TakeSnapshot(backupId, List.of("shop"), List.of(), null, List.of(NODE));
    }

    private static final class FakeNode implements CassandraNode {
        @Override
        public NodeState state() {
            return new NodeState(NODE, "5.0.9", List.of("-1", "1"));
        }

        @Override
        public boolean keyspaceExists(String keyspace) {
            return keyspace.equals("shop");
        }

        @Override
        public Set<String> tablesOf(String keyspace) {
            return Set.of("orders");
        }

        @Override
        public String describeKeyspace(String keyspace) {
            return "CREATE KEYSPACE " + keyspace + ";";
        }
    }

    private static final class FakeCassandra implements SnapshotOperations {
        final List<String> calls = new ArrayList<>();
        private final Path data;
        boolean failTake;
        boolean failClear;
        boolean writeFiles = true;

        FakeCassandra(Path data) {
            this.data = data;
        }

        @Override
        public void takeSnapshot(String tag, List<String> entities) {
            calls.add("take " + tag + " " + entities);
            if (failTake) {
                throw new SnapshotOperationException("Cassandra refused takeSnapshot: disk full", false, null);
            }
            if (exists(tag)) {
                throw new SnapshotOperationException("Snapshot " + tag + " already exists.", true, null);
            }
            take(tag);
        }

        void take(String tag) {
            if (!writeFiles) {
                return;
            }
            try {
                Path snapshot = Files.createDirectories(directory(tag));
                Files.writeString(snapshot.resolve("manifest.json"), "{}");
                Files.writeString(snapshot.resolve("nb-1-big-Data.db"), "data");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void clearSnapshot(String tag) {
            calls.add("clear " + tag);
            if (failClear) {
                throw new SnapshotOperationException("cannot reach Cassandra over JMX", false, null);
            }
            try (var files = Files.walk(directory(tag).getParent())) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .filter(p -> p.startsWith(directory(tag)))
                        .forEach(p -> p.toFile().delete());
            } catch (Exception e) {
                // No snapshot directory: nothing to clear.
            }
        }

        @Override
        public String releaseVersion() {
            return "5.0.9";
        }

        boolean incrementalBackups;
        int generation = 100;

        @Override
        public boolean incrementalBackupsEnabled() {
            return incrementalBackups;
        }

        @Override
        public void enableIncrementalBackups() {
            calls.add("enable incremental backups");
            incrementalBackups = true;
        }

        /** Writes one new SSTable, hard-linked into backups/ when incremental backups are on, as Cassandra does. */
        @Override
        public void flush(String keyspace, List<String> tables) {
            calls.add("flush " + keyspace + " " + tables);
            try {
                Path table = data.resolve(keyspace).resolve(TABLE_DIRECTORY);
                Path sstable = Files.writeString(table.resolve("nb-" + generation++ + "-big-Data.db"), "flushed");
                if (incrementalBackups) {
                    Path backups = Files.createDirectories(table.resolve("backups"));
                    Files.createLink(backups.resolve(sstable.getFileName()), sstable);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        boolean exists(String tag) {
            return Files.isDirectory(directory(tag));
        }

        private Path directory(String tag) {
            return data.resolve("shop")
                    .resolve(TABLE_DIRECTORY)
                    .resolve("snapshots")
                    .resolve(tag);
        }
    }
}
