package io.ringvault.agent.restore;

import static io.ringvault.agent.restore.StagingAreaTest.bytes;
import static io.ringvault.agent.restore.StagingAreaTest.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.agent.node.LocalTables;
import io.ringvault.common.failure.FailureReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportServiceTest {
    @TempDir
    Path root;

    private final List<String> calls = new ArrayList<>();
    private final FakeTables tables = new FakeTables();
    private final FakeImport importer = new FakeImport();
    private final FakeBulkLoad loader = new FakeBulkLoad();
    private StagingArea staging;
    private ImportService imports;
    private Path live;
    private final StagedTable orders = new StagedTable("op1", "shop", "orders");

    @BeforeEach
    void service() throws IOException {
        staging = new StagingArea(root.resolve("staging"));
        live = Files.createDirectories(root.resolve("data/shop/orders-0123456789abcdef0123456789abcdef"));
        imports = new ImportService(
                staging, tables, importer, loader, Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void shouldImportTheStagedFilesOnceAndRecordIt() throws Exception {
        stageTable(2);

        ImportResult result = imports.importTable(orders, false);

        assertThat(result.importedFiles()).isEqualTo(2);
        assertThat(result.importedBytes()).isEqualTo(300);
        assertThat(result.alreadyImported()).isFalse();
        assertThat(result.truncated()).isFalse();
        assertThat(calls).containsExactly("import shop.orders from " + staging.filesDirectory(orders));
        assertThat(filesIn(live)).containsExactly("nb-1-big-Data.db", "nb-2-big-Data.db");
        assertThat(staging.filesDirectory(orders)).doesNotExist();
        assertThat(imports.isImported(orders)).isTrue();

        ImportResult again = imports.importTable(orders, true);

        assertThat(again.alreadyImported()).isTrue();
        assertThat(again.importedFiles()).isEqualTo(2);
        assertThat(again.importedBytes()).isEqualTo(300);
        // Neither imported nor truncated a second time.
        assertThat(calls).hasSize(1);
    }

    @Test
    void shouldTruncateBeforeImportingWhenAsked() throws Exception {
        stageTable(1);

        ImportResult result = imports.importTable(orders, true);

        assertThat(result.truncated()).isTrue();
        assertThat(calls)
                .containsExactly("truncate shop.orders", "import shop.orders from " + staging.filesDirectory(orders));
    }

    @Test
    void shouldAnswer404ForATableCassandraDoesNotHave() throws Exception {
        stageTable(1);
        tables.existing = Set.of();

        assertThatThrownBy(() -> imports.importTable(orders, true))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TABLE_MISSING))
                .hasMessageContaining("shop.orders");
        assertThat(calls).isEmpty();
        assertThat(staging.list(orders)).hasSize(1);
    }

    @Test
    void shouldNeitherTruncateNorImportWhenNothingIsStaged() {
        assertThatThrownBy(() -> imports.importTable(orders, true))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.NOTHING_STAGED));
        assertThat(calls).isEmpty();
    }

    @Test
    void shouldKeepTheFilesWhenCassandraRefusesThemAndNotTruncateAgainOnRetry() throws Exception {
        stageTable(2);
        importer.refuse = true;

        assertThatThrownBy(() -> imports.importTable(orders, true))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.IMPORT_FAILED))
                .hasMessageContaining(staging.filesDirectory(orders).toString());
        assertThat(staging.list(orders)).hasSize(2);
        assertThat(imports.isImported(orders)).isFalse();

        importer.refuse = false;
        ImportResult retried = imports.importTable(orders, true);

        assertThat(retried.truncated()).isTrue();
        assertThat(calls).filteredOn(call -> call.startsWith("truncate")).hasSize(1);
        assertThat(calls).filteredOn(call -> call.startsWith("import")).hasSize(2);
    }

    @Test
    void shouldRecordAnImportWhoseAnswerWasLost() throws Exception {
        stageTable(2);
        // A crash after Cassandra took the files, before the import was recorded as done.
        staging.markPending(orders, new ImportResult("shop", "orders", 2, 300, true, Instant.EPOCH, false, null));
        importer.importSSTables("shop", "orders", staging.filesDirectory(orders));
        calls.clear();

        ImportResult result = imports.importTable(orders, true);

        assertThat(result.alreadyImported()).isTrue();
        assertThat(result.importedFiles()).isEqualTo(2);
        assertThat(calls).isEmpty();
        assertThat(imports.isImported(orders)).isTrue();
    }

    @Test
    void shouldMapCassandraFailuresToCassandraError() throws Exception {
        stageTable(1);
        tables.failTruncate = true;

        assertThatThrownBy(() -> imports.importTable(orders, true))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CASSANDRA_ERROR));
        assertThat(staging.list(orders)).hasSize(1);
    }

    @Test
    void shouldStreamTheStagedDirectoryWithTheLoaderThenRemoveTheFiles() throws Exception {
        stageTable(2);
        Path directory = staging.filesDirectory(orders);
        loader.onStream = dir -> assertThat(filesIn(dir)).containsExactly("nb-1-big-Data.db", "nb-2-big-Data.db");

        ImportResult result = imports.importTable(orders, false, LoadMethod.STREAM);

        assertThat(result.method()).isEqualTo(LoadMethod.STREAM);
        assertThat(result.importedFiles()).isEqualTo(2);
        assertThat(result.importedBytes()).isEqualTo(300);
        // The loader names its target by the last two directories: <keyspace>/<table>.
        assertThat(directory.getFileName()).hasToString("orders");
        assertThat(directory.getParent().getFileName()).hasToString("shop");
        assertThat(calls).containsExactly("stream shop.orders from " + directory);
        assertThat(filesIn(live)).isEmpty();
        assertThat(directory).doesNotExist();
        assertThat(imports.isImported(orders)).isTrue();

        ImportResult again = imports.importTable(orders, false, LoadMethod.STREAM);
        assertThat(again.alreadyImported()).isTrue();
        assertThat(again.method()).isEqualTo(LoadMethod.STREAM);
        assertThat(calls).hasSize(1);
    }

    @Test
    void shouldKeepTheFilesWhenTheLoaderFailsAndStreamThemAgainOnRetry() throws Exception {
        stageTable(1);
        loader.failure = new RestoreException(FailureReason.BULK_LOAD_FAILED, "the bulk loader exited with 1");

        assertThatThrownBy(() -> imports.importTable(orders, true, LoadMethod.STREAM))
                .isInstanceOfSatisfying(
                        RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.BULK_LOAD_FAILED));
        assertThat(staging.list(orders)).hasSize(1);
        assertThat(imports.isImported(orders)).isFalse();

        loader.failure = null;
        ImportResult retried = imports.importTable(orders, true, LoadMethod.STREAM);

        assertThat(retried.truncated()).isTrue();
        assertThat(calls).filteredOn(call -> call.startsWith("truncate")).hasSize(1);
        assertThat(calls).filteredOn(call -> call.startsWith("stream")).hasSize(2);
    }

    @Test
    void shouldRefuseAStreamWhenNoLoaderIsConfigured() {
        stageTable(1);
        ImportService importsOnly = new ImportService(staging, tables, importer, Clock.systemUTC());

        assertThatThrownBy(() -> importsOnly.importTable(orders, false, LoadMethod.STREAM))
                .isInstanceOfSatisfying(RestoreException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.BULK_LOAD_FAILED);
                    assertThat(e.getMessage()).contains("ringvault.agent.bulk-loader.command", "shop.orders");
                });
        assertThat(staging.list(orders)).hasSize(1);
    }

    // ---- helpers

    private void stageTable(int sstables) {
        for (int generation = 1; generation <= sstables; generation++) {
            byte[] content = bytes(100 * generation);
            String name = "nb-" + generation + "-big-Data.db";
            staging.stage(orders, name, sha256(content), content.length, new ByteArrayInputStream(content));
        }
    }

    private static List<String> filesIn(Path directory) throws IOException {
        try (Stream<Path> paths = Files.list(directory)) {
            return paths.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @FunctionalInterface
    private interface DirectoryCheck {
        void check(Path directory) throws IOException;
    }

    /** Reads what the loader would read, and fails when told to; the files stay where they are, as with a stream. */
    private final class FakeBulkLoad implements BulkLoad {
        RestoreException failure;
        DirectoryCheck onStream = directory -> {};

        @Override
        public BulkLoadResult stream(String keyspace, String table, Path directory) {
            calls.add("stream " + keyspace + "." + table + " from " + directory);
            try {
                onStream.check(directory);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (failure != null) {
                throw failure;
            }
            return new BulkLoadResult(2, "300B", java.time.Duration.ofMillis(5));
        }
    }

    private final class FakeTables implements LocalTables {
        Set<String> existing = Set.of("shop.orders");
        boolean failTruncate;

        @Override
        public boolean tableExists(String keyspace, String table) {
            return existing.contains(keyspace + "." + table);
        }

        @Override
        public boolean keyspaceExists(String keyspace) {
            return existing.stream().anyMatch(name -> name.startsWith(keyspace + "."));
        }

        @Override
        public void truncate(String keyspace, String table) {
            if (failTruncate) {
                throw new IllegalStateException("Cannot achieve consistency level ALL");
            }
            calls.add("truncate " + keyspace + "." + table);
        }
    }

    /** Moves the files into the live directory, as Cassandra does with copyData false. */
    private final class FakeImport implements SSTableImport {
        boolean refuse;

        @Override
        public List<String> importSSTables(String keyspace, String table, Path directory) {
            calls.add("import " + keyspace + "." + table + " from " + directory);
            if (refuse) {
                return List.of(directory.toString());
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.move(file, live.resolve(file.getFileName()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of();
        }
    }
}
