package io.ringvault.coordinator.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.backup.BackupIndex;
import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.fakes.MutableClock;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ImportBuilderTest {
    private static final Path CQLSH = Path.of("../logical/src/test/resources/cqlsh");
    private static final String SCHEMA = """
            CREATE KEYSPACE shop WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}  AND durable_writes = true;

            CREATE TABLE shop.notes (
                id int PRIMARY KEY,
                body text,
                "Tags" set<text>
            ) WITH comment = '';

            CREATE MATERIALIZED VIEW shop.notes_by_body AS
                SELECT * FROM shop.notes WHERE body IS NOT NULL AND id IS NOT NULL
                PRIMARY KEY (body, id);
            """;

    @TempDir
    Path root;

    private final JsonMapper json = new CloudEventCodec().mapper();
    private final ObjectLayout layout = new ObjectLayout("", "c1");
    private ObjectStore store;
    private BackupCatalog catalog;
    private ImportBuilder builder;

    @BeforeEach
    void setUp() {
        store = new FilesystemObjectStore(root);
        catalog = new BackupCatalog(store, layout, json);
        builder = new ImportBuilder(store, catalog, new MutableClock(Instant.parse("2026-12-05T03:00:00Z")));
    }

    @Test
    void shouldStoreCqlshFilesAsACsvLogicalBackupThatListsItself() throws Exception {
        byte[] csv = Files.readAllBytes(CQLSH.resolve("every_type.csv"));
        ImportRequest request = new ImportRequest(
                Files.readString(CQLSH.resolve("schema.cql")),
                List.of(file("cqlsh_src.every_type", "every_type.csv", csv)),
                "<null>",
                true);

        ImportBuilder.Imported imported = builder.build("imp-1", request);

        BackupManifest manifest = catalog.manifest("imp-1").orElseThrow();
        assertThat(imported.duplicate()).isFalse();
        assertThat(manifest).isEqualTo(imported.manifest());
        assertThat(manifest.method()).isEqualTo(BackupMethod.LOGICAL);
        assertThat(manifest.format()).isEqualTo(LogicalFormat.CSV);
        assertThat(manifest.source()).isEqualTo("import");
        assertThat(manifest.rows()).containsExactly(java.util.Map.entry("cqlsh_src.every_type", 7L));
        // <null> is a csv-format backup's default NULL text: the manifest does not repeat it.
        assertThat(manifest.csvNull()).isNull();
        assertThat(manifest.keyspaces()).containsExactly("cqlsh_src");
        assertThat(manifest.tables()).containsExactly("cqlsh_src.every_type");
        assertThat(manifest.schema().get("cqlsh_src")).contains("CREATE TYPE cqlsh_src.point");

        NodeManifest node = json.readValue(
                store.getSmall(manifest.nodes().get(0).manifestKey()).orElseThrow(), NodeManifest.class);
        assertThat(node.files()).hasSize(1);
        NodeManifest.File stored = node.files().get(0);
        assertThat(stored.keyspace()).isEqualTo("cqlsh_src");
        assertThat(stored.table()).isEqualTo("every_type");
        assertThat(stored.fileName()).isEqualTo("0001-every_type.csv");
        assertThat(stored.objectKey()).isEqualTo("c1/backups/imp-1/files/cqlsh_src/every_type/0001-every_type.csv");
        assertThat(stored.size()).isEqualTo(csv.length);
        assertThat(stored.checksum()).isEqualTo("sha256:" + sha256(csv));
        try (InputStream in = store.get(stored.objectKey(), 0)) {
            assertThat(in.readAllBytes()).isEqualTo(csv);
        }

        BackupIndex.Entry entry = catalog.index().backups().get(0);
        assertThat(entry.backupId()).isEqualTo("imp-1");
        assertThat(entry.method()).isEqualTo(BackupMethod.LOGICAL);
        assertThat(entry.format()).isEqualTo(LogicalFormat.CSV);
        assertThat(entry.source()).isEqualTo("import");
        assertThat(entry.files()).isEqualTo(1);
        assertThat(entry.bytes()).isEqualTo(csv.length);
    }

    @Test
    void shouldCountRowsNotLinesAndAddUpTheFilesOfOneTable() {
        byte[] first =
                "id,body,Tags\r\n1,\"two\r\nlines\",{'a'}\r\n2,plain,<null>\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] second = "id,body,Tags\r\n3,\"x, \\\"y\\\"\",{}\r\n".getBytes(StandardCharsets.UTF_8);

        BackupManifest manifest = builder.build(
                        "imp-2",
                        new ImportRequest(
                                SCHEMA,
                                List.of(
                                        file("shop.notes", "notes.csv", first),
                                        file("shop.notes", "notes.csv.1", second)),
                                "<null>",
                                true))
                .manifest();

        assertThat(manifest.rows()).containsExactly(java.util.Map.entry("shop.notes", 3L));
        assertThat(manifest.nodes().get(0).files()).isEqualTo(2);
    }

    @Test
    void shouldGiveAFileWithoutAHeaderTheColumnsInCopyToOrderAndKeepCqlshDefaultNull() throws Exception {
        byte[] csv = "1,{'x'},hello\r\n2,,\r\n".getBytes(StandardCharsets.UTF_8);

        BackupManifest manifest = builder.build(
                        "imp-3", new ImportRequest(SCHEMA, List.of(file("shop.notes", "notes.csv", csv)), null, false))
                .manifest();

        assertThat(manifest.rows()).containsEntry("shop.notes", 2L);
        // cqlsh's own default NULL text is the empty text; the manifest says so, as it is not the csv default.
        assertThat(manifest.csvNull()).isEmpty();
        NodeManifest node = json.readValue(
                store.getSmall(manifest.nodes().get(0).manifestKey()).orElseThrow(), NodeManifest.class);
        try (InputStream in = store.get(node.files().get(0).objectKey(), 0)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("id,Tags,body\r\n1,{'x'},hello\r\n2,,\r\n");
        }
    }

    @Test
    void shouldRefuseATableTheSchemaLacksAndStoreNothing() {
        AtomicInteger opened = new AtomicInteger();
        ImportFile missing = new ImportFile("shop.orders", "orders.csv", 3, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream("a\r\n".getBytes(StandardCharsets.UTF_8));
        });

        assertThatThrownBy(() -> builder.build(
                        "imp-4",
                        new ImportRequest(
                                SCHEMA,
                                List.of(
                                        file("shop.notes", "notes.csv", "id\r\n".getBytes(StandardCharsets.UTF_8)),
                                        missing),
                                null,
                                true)))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("table 'shop.orders' is not in the schema file, which creates shop.notes")
                .extracting(e -> ((RequestRejectedException) e).reason())
                .isEqualTo(FailureReason.UNKNOWN_TABLE);
        assertThat(opened).hasValue(0);
        assertThat(catalog.manifest("imp-4")).isEmpty();
        assertThat(catalog.index().backups()).isEmpty();
    }

    @Test
    void shouldRefuseAViewAndANameThatIsNotKeyspaceTable() {
        assertThatThrownBy(() -> builder.build(
                        "imp-5",
                        new ImportRequest(
                                SCHEMA, List.of(file("shop.notes_by_body", "v.csv", new byte[0])), null, true)))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("is a materialized view");
        assertThatThrownBy(() -> builder.build(
                        "imp-5", new ImportRequest(SCHEMA, List.of(file("notes", "v.csv", new byte[0])), null, true)))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("'notes' is not a keyspace.table name");
        assertThatThrownBy(() -> builder.build("imp-5", new ImportRequest(SCHEMA, List.of(), null, true)))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("no CSV file to import");
    }

    @Test
    void shouldAnswerARepeatedImportWithTheBackupItStoredWithoutReadingTheFilesAgain() {
        byte[] csv = "id,body,Tags\r\n1,a,<null>\r\n".getBytes(StandardCharsets.UTF_8);
        builder.build("imp-6", new ImportRequest(SCHEMA, List.of(file("shop.notes", "n.csv", csv)), null, true));
        AtomicInteger opened = new AtomicInteger();
        ImportFile again = new ImportFile("shop.notes", "n.csv", csv.length, () -> {
            opened.incrementAndGet();
            return new ByteArrayInputStream(csv);
        });

        ImportBuilder.Imported repeated = builder.build("imp-6", new ImportRequest(SCHEMA, List.of(again), null, true));

        assertThat(repeated.duplicate()).isTrue();
        assertThat(repeated.manifest().rows()).containsEntry("shop.notes", 1L);
        assertThat(opened).hasValue(0);
    }

    @Test
    void shouldNameStoredFilesByPlaceAndSafeCharacters() {
        assertThat(ImportBuilder.storedName(1, "/backups/nightly/shop.orders.csv"))
                .isEqualTo("0001-shop.orders.csv");
        assertThat(ImportBuilder.storedName(12, "orders.csv.3")).isEqualTo("0012-orders.csv.3.csv");
        assertThat(ImportBuilder.storedName(2, "C:\\dumps\\my orders.csv")).isEqualTo("0002-my_orders.csv");
        assertThat(ImportBuilder.storedName(3, ".hidden")).isEqualTo("0003-file.hidden.csv");
    }

    private static ImportFile file(String table, String name, byte[] content) {
        return new ImportFile(table, name, content.length, () -> new ByteArrayInputStream(content));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
