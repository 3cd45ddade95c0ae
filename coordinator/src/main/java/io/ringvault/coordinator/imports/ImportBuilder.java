package io.ringvault.coordinator.imports;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.backup.NodeManifest;
import io.ringvault.common.backup.ObjectLayout;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupMethod;
import io.ringvault.common.message.BackupMode;
import io.ringvault.common.message.LogicalFormat;
import io.ringvault.common.message.NodeRef;
import io.ringvault.coordinator.catalog.BackupCatalog;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.logical.csv.CsvOptions;
import io.ringvault.logical.csv.CsvRecords;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.StorageException;
import io.ringvault.storage.StoredObject;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a cqlsh backup (a {@code DESCRIBE} schema and {@code COPY TO} CSV files) into a csv-format logical backup in
 * the store, which a logical restore then loads: each file stored as an object (SHA-256 computed while it streams,
 * encrypted when the store encrypts), its rows counted, and a node manifest, a backup manifest ({@code method}
 * logical, {@code format} csv, {@code source} import) and an index entry written. The backup is listed, verified,
 * restored and deleted like any other.
 *
 * <p>The files are read twice, both times streamed: once to count the rows (records, not lines: a quoted field may
 * hold line breaks), once to store them. A file without a header gets the schema's column names as its first line on
 * the way to the store, so every stored file has one, as a csv-format backup's files do.
 */
public class ImportBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(ImportBuilder.class);

    /** The node that stands for the operator's files in the manifests: no Cassandra node wrote them. */
    public static final NodeRef IMPORT_NODE = new NodeRef("import", null, "import", null);

    private final ObjectStore store;
    private final BackupCatalog catalog;
    private final Clock clock;

    public ImportBuilder(ObjectStore store, BackupCatalog catalog, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The backup an import wrote, and whether it had been written before (the same id imported again). */
    public record Imported(BackupManifest manifest, boolean duplicate) {}

    /**
     * Stores the files of {@code request} as the backup {@code backupId}. An id whose backup is complete already
     * returns that backup and stores nothing: a client repeating a request whose answer it lost gets the same backup.
     *
     * @throws RequestRejectedException {@link FailureReason#INVALID_DATA} for a schema that cannot be read, no file,
     *     or a name that is not {@code keyspace.table}; {@link FailureReason#UNKNOWN_TABLE} for a file of a table the
     *     schema lacks (naming it) or of a materialized view
     * @throws StorageException when the store fails; the objects already stored stay until the garbage collection
     *     removes them (a backup without a manifest is not listed)
     */
    public Imported build(String backupId, ImportRequest request) {
        var existing = catalog.manifest(backupId);
        if (existing.isPresent()) {
            return new Imported(existing.get(), true);
        }
        Instant startedAt = clock.instant();
        CqlshSchema schema = CqlshSchema.parse(request.schema());
        if (request.files().isEmpty()) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_DATA, "no CSV file to import: give at least one --csv keyspace.table=FILE");
        }
        List<String> tables = new ArrayList<>();
        for (ImportFile file : request.files()) {
            tables.add(resolve(schema, file.table()));
        }
        CsvOptions csv = CsvOptions.defaults().withNullMarker(request.nullMarker());
        ObjectLayout layout = catalog.layout();
        List<NodeManifest.File> files = new ArrayList<>();
        Map<String, Long> rows = new TreeMap<>();
        for (int i = 0; i < request.files().size(); i++) {
            ImportFile file = request.files().get(i);
            String table = tables.get(i);
            String keyspace = CqlshSchema.keyspaceOf(table);
            String tableName = table.substring(keyspace.length() + 1);
            long counted = countRows(file, csv.withHeader(request.header()));
            rows.merge(table, counted, Long::sum);
            String fileName = storedName(i + 1, file.name());
            String key = layout.importedFile(backupId, keyspace, tableName, fileName);
            byte[] header =
                    request.header() ? new byte[0] : headerLine(schema.tables().get(table));
            StoredObject stored;
            try (InputStream content = header.length == 0
                    ? file.content().open()
                    : new SequenceInputStream(
                            new ByteArrayInputStream(header), file.content().open())) {
                stored = store.put(key, content, header.length + file.size());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the uploaded file " + file.name(), e);
            }
            files.add(
                    new NodeManifest.File(keyspace, tableName, fileName, key, stored.size(), stored.checksum(), false));
            LOG.info(
                    "import file stored backupId={} table={} file={} rows={} bytes={} key={}",
                    backupId,
                    table,
                    file.name(),
                    counted,
                    stored.size(),
                    key);
        }
        Instant completedAt = clock.instant();
        List<String> keyspaces = new ArrayList<>(
                tables.stream().map(CqlshSchema::keyspaceOf).collect(Collectors.toCollection(TreeSet::new)));
        Map<String, String> scripts = new TreeMap<>();
        keyspaces.forEach(keyspace -> scripts.put(keyspace, schema.scripts().get(keyspace)));
        NodeManifest node = new NodeManifest(backupId, IMPORT_NODE, null, List.of(), scripts, files, completedAt);
        BackupManifest manifest = new BackupManifest(
                BackupManifest.SCHEMA_VERSION,
                backupId,
                layout.cluster(),
                BackupMode.FULL,
                keyspaces,
                List.copyOf(new TreeSet<>(tables)),
                List.of(IMPORT_NODE.datacenter()),
                startedAt,
                completedAt,
                scripts,
                List.of(new BackupManifest.NodeEntry(
                        IMPORT_NODE.hostId(),
                        null,
                        IMPORT_NODE.datacenter(),
                        null,
                        layout.nodeManifest(backupId, IMPORT_NODE.hostId()),
                        files.size(),
                        files.stream().mapToLong(NodeManifest.File::size).sum())),
                null,
                null,
                null,
                null,
                null,
                BackupMethod.LOGICAL,
                LogicalFormat.CSV,
                rows,
                // The manifest names the NULL text only when it is not a csv-format backup's default.
                request.nullMarker().equals(CsvOptions.defaults().nullMarker()) ? null : request.nullMarker(),
                BackupManifest.SOURCE_IMPORT);
        return new Imported(catalog.publishWritten(manifest, List.of(node)), false);
    }

    /** The internal {@code "keyspace.table"} of a file, which the schema must create. */
    private static String resolve(CqlshSchema schema, String named) {
        String table = CqlshSchema.qualifiedInternal(named);
        if (table == null) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_DATA,
                    "'" + named + "' is not a keyspace.table name (write --csv keyspace.table=FILE)");
        }
        if (schema.views().contains(table)) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_TABLE,
                    "'" + named + "' is a materialized view: Cassandra builds it from its base table, so it is not"
                            + " imported; leave its file out");
        }
        if (!schema.tables().containsKey(table)) {
            throw RequestRejectedException.invalid(
                    FailureReason.UNKNOWN_TABLE,
                    "table '" + named + "' is not in the schema file, which creates "
                            + (schema.tables().isEmpty()
                                    ? "no table"
                                    : String.join(", ", schema.tables().keySet())));
        }
        return table;
    }

    private static long countRows(ImportFile file, CsvOptions csv) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(file.content().open(), StandardCharsets.UTF_8))) {
            return CsvRecords.count(in, csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + file.name(), e);
        }
    }

    /**
     * The object's file name: its place in the import (so that a table's files keep their order and two files of the
     * same name do not collide) and the operator's name, in characters safe in any store's keys, ending in
     * {@code .csv}.
     */
    static String storedName(int position, String name) {
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.startsWith(".")) {
            base = "file" + base;
        }
        return String.format("%04d-%s%s", position, base, base.endsWith(".csv") ? "" : ".csv");
    }

    /** The header cqlsh writes with {@code HEADER = TRUE}: the column names, a field quoted when it must be. */
    static byte[] headerLine(List<String> columns) {
        CsvOptions csv = CsvOptions.defaults();
        String line = columns.stream()
                .map(name -> {
                    boolean quote = name.indexOf(csv.delimiter()) >= 0
                            || name.indexOf(csv.quote()) >= 0
                            || name.indexOf('\n') >= 0
                            || name.indexOf('\r') >= 0;
                    String escaped = name.replace(String.valueOf(csv.escape()), "" + csv.escape() + csv.escape())
                            .replace(String.valueOf(csv.quote()), "" + csv.escape() + csv.quote());
                    return quote ? csv.quote() + escaped + csv.quote() : escaped;
                })
                .collect(Collectors.joining(String.valueOf(csv.delimiter())));
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
