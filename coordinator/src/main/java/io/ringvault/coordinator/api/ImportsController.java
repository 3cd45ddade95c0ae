package io.ringvault.coordinator.api;

import io.ringvault.common.backup.BackupManifest;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import io.ringvault.coordinator.imports.ImportBuilder;
import io.ringvault.coordinator.imports.ImportFile;
import io.ringvault.coordinator.imports.ImportRequest;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.storage.StorageException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/imports}: a cqlsh backup ({@code DESCRIBE} schema and {@code COPY TO} CSV files) uploaded as
 * {@code multipart/form-data} and stored as a csv-format logical backup, which {@code POST /api/v1/restores} then
 * loads. Parts, in order: {@code schema} (the schema file), then one {@code csv:<keyspace.table>} part per CSV file
 * (the table percent-encoded, as in a URL, the part's file name the file's own). The servlet container spools the
 * parts to disk (no size limit, nothing held in memory); the files are then streamed to the store.
 */
@RestController
@RequestMapping("/api/v1")
public class ImportsController {
    static final String SCHEMA_PART = "schema";
    static final String CSV_PART_PREFIX = "csv:";
    /** A DESCRIBE of a keyspace is kilobytes; a schema file larger than this is not one. */
    private static final long MAX_SCHEMA_BYTES = 16L * 1024 * 1024;

    private final ImportBuilder imports;

    public ImportsController(ImportBuilder imports) {
        this.imports = imports;
    }

    /**
     * The answer to an import: the backup it stored, to restore with {@code POST /api/v1/restores}.
     *
     * @param rows the rows of each table, by {@code "keyspace.table"}
     * @param duplicate true when the backup was imported before under the same {@code Idempotency-Key}
     */
    public record Imported(
            String backupId, List<String> tables, Map<String, Long> rows, int files, long bytes, boolean duplicate) {}

    /**
     * Stores the uploaded files as a backup.
     *
     * @param nullMarker the text the files stand for null with ({@code COPY TO ... NULL = '...'}); absent: cqlsh's
     *     default, the empty text
     * @param header false for files written without {@code HEADER = TRUE}
     * @param idempotencyKey the backup id to use; an import repeated with the same key returns the same backup
     */
    // The parts are read from the servlet request in order, so springdoc cannot see them: described here.
    @Operation(
            summary = "Store a cqlsh backup (DESCRIBE schema and COPY TO files) as a csv-format logical backup",
            description = "multipart/form-data: a 'schema' part (the output of cqlsh DESCRIBE KEYSPACE), then one"
                    + " 'csv:<keyspace.table>' part per CSV file (the table percent-encoded). 201 with the backup id and"
                    + " the rows per table; restore it with POST /api/v1/restores.")
    @PostMapping(path = "/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public ResponseEntity<Imported> importBackup(
            HttpServletRequest request,
            @RequestParam(name = "null", required = false) String nullMarker,
            @RequestParam(name = "header", defaultValue = "true") boolean header,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException, ServletException {
        String backupId = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey;
        if (!OperationId.isValid(backupId)) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_ID, "Idempotency-Key '" + backupId + "' must be " + OperationId.RULE);
        }
        String schema = null;
        List<ImportFile> files = new ArrayList<>();
        for (Part part : request.getParts()) {
            String name = part.getName();
            if (SCHEMA_PART.equals(name)) {
                schema = schemaText(part);
            } else if (name != null && name.startsWith(CSV_PART_PREFIX)) {
                String table = URLDecoder.decode(name.substring(CSV_PART_PREFIX.length()), StandardCharsets.UTF_8);
                files.add(new ImportFile(table, part.getSubmittedFileName(), part.getSize(), part::getInputStream));
            } else if (part.getSubmittedFileName() != null) {
                throw RequestRejectedException.invalid(
                        FailureReason.INVALID_DATA,
                        "unexpected file part '" + name + "': send 'schema' and 'csv:<keyspace.table>' parts");
            }
        }
        if (schema == null) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_DATA, "the 'schema' part (the output of cqlsh DESCRIBE KEYSPACE) is missing");
        }
        ImportBuilder.Imported imported;
        try {
            imported = imports.build(backupId, new ImportRequest(schema, files, nullMarker, header));
        } catch (StorageException e) {
            throw new RequestRejectedException(e.reason(), "the import could not be stored: " + e.getMessage(), 502);
        } catch (UncheckedIOException e) {
            // The coordinator's own spool of the upload could not be read back.
            throw new RequestRejectedException(FailureReason.STAGING_ERROR, e.getMessage(), 500);
        }
        BackupManifest manifest = imported.manifest();
        Imported answer = new Imported(
                manifest.backupId(),
                manifest.tables(),
                manifest.rows() == null ? Map.of() : manifest.rows(),
                (int) manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::files)
                        .sum(),
                manifest.nodes().stream()
                        .mapToLong(BackupManifest.NodeEntry::bytes)
                        .sum(),
                imported.duplicate());
        if (imported.duplicate()) {
            return ResponseEntity.ok(answer);
        }
        return ResponseEntity.created(URI.create("/api/v1/backups/" + manifest.backupId()))
                .body(answer);
    }

    private static String schemaText(Part part) throws IOException {
        if (part.getSize() > MAX_SCHEMA_BYTES) {
            throw RequestRejectedException.invalid(
                    FailureReason.INVALID_DATA,
                    "the schema part is " + part.getSize() + " bytes: a cqlsh DESCRIBE output is far smaller (at most "
                            + MAX_SCHEMA_BYTES + ")");
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
