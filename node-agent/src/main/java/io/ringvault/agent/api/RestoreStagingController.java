package io.ringvault.agent.api;

import io.ringvault.agent.restore.ImportResult;
import io.ringvault.agent.restore.ImportService;
import io.ringvault.agent.restore.StageResult;
import io.ringvault.agent.restore.StagedFile;
import io.ringvault.agent.restore.StagedTable;
import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.restore.StagingSpace;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's side of a restore, called by the restorer: it streams SSTable components into the staging area (each
 * checked against its SHA-256), reads what is staged and how much room is left, asks for a table's import, and removes
 * an operation's staging. Behind the same bearer token as the snapshot files.
 */
@RestController
@RequestMapping("/api/v1/restores")
public class RestoreStagingController {
    public static final String SHA256_HEADER = "X-Ringvault-Sha256";

    private final StagingArea staging;
    private final ImportService imports;

    public RestoreStagingController(StagingArea staging, ImportService imports) {
        this.staging = staging;
        this.imports = imports;
    }

    /** The answer to an upload. */
    public record Staged(String fileName, long size, String sha256, boolean alreadyStaged) {}

    /** What is staged for a table; {@code imported} once its import is done (its files are then in Cassandra). */
    public record TableStaging(
            String operationId, String keyspace, String table, boolean imported, List<StagedFile> files) {}

    /** The optional body of an import request. */
    public record ImportRequest(Boolean truncate) {}

    /** The answer to an import request. */
    public record Imported(
            String keyspace,
            String table,
            int importedFiles,
            long importedBytes,
            boolean truncated,
            boolean alreadyImported) {}

    /**
     * Streams the body into the staging area: 201 when written, 200 when the same file was already staged (its body is
     * then not read: send {@code Expect: 100-continue} to save the transfer).
     */
    @PutMapping(
            path = "/{operationId}/staging/{keyspace}/{table}/{fileName}",
            consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<Staged> upload(
            @PathVariable String operationId,
            @PathVariable String keyspace,
            @PathVariable String table,
            @PathVariable String fileName,
            @RequestHeader(name = SHA256_HEADER, required = false) String sha256,
            HttpServletRequest request)
            throws IOException {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        StageResult result =
                staging.stage(target, fileName, sha256, request.getContentLengthLong(), request.getInputStream());
        StagedFile file = result.file();
        return ResponseEntity.status(result.alreadyStaged() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new Staged(file.fileName(), file.size(), file.sha256(), result.alreadyStaged()));
    }

    @GetMapping("/{operationId}/staging/{keyspace}/{table}")
    public TableStaging staged(
            @PathVariable String operationId, @PathVariable String keyspace, @PathVariable String table) {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        return new TableStaging(
                target.operationId(),
                target.keyspace(),
                target.table(),
                imports.isImported(target),
                staging.list(target));
    }

    @GetMapping("/{operationId}/space")
    public StagingSpace space(@PathVariable String operationId) {
        return staging.space(operationId);
    }

    @PostMapping("/{operationId}/staging/{keyspace}/{table}/import")
    public Imported importTable(
            @PathVariable String operationId,
            @PathVariable String keyspace,
            @PathVariable String table,
            @RequestBody(required = false) ImportRequest body) {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        boolean truncate = body != null && Boolean.TRUE.equals(body.truncate());
        ImportResult result = imports.importTable(target, truncate);
        return new Imported(
                result.keyspace(),
                result.table(),
                result.importedFiles(),
                result.importedBytes(),
                result.truncated(),
                result.alreadyImported());
    }

    @DeleteMapping("/{operationId}/staging")
    public ResponseEntity<Void> delete(@PathVariable String operationId) {
        staging.deleteOperation(operationId);
        return ResponseEntity.noContent().build();
    }
}
