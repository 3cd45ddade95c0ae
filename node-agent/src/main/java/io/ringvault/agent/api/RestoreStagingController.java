package io.ringvault.agent.api;

import io.ringvault.agent.restore.ImportResult;
import io.ringvault.agent.restore.ImportService;
import io.ringvault.agent.restore.LoadMethod;
import io.ringvault.agent.restore.StageResult;
import io.ringvault.agent.restore.StagedFile;
import io.ringvault.agent.restore.StagedTable;
import io.ringvault.agent.restore.StagingArea;
import io.ringvault.agent.restore.StagingSpace;
import io.ringvault.agentapi.AgentHeaders;
import io.ringvault.agentapi.AgentPaths;
import io.ringvault.agentapi.RestoreApi;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * The node's side of a restore, called by the restorer: it streams SSTable components into the staging area (each
 * checked against its SHA-256), reads what is staged and how much room is left, asks for a table's import, and removes
 * an operation's staging. Behind the same bearer token as the snapshot files. The paths, headers and bodies are
 * agent-api's contract ({@link AgentPaths}, {@link RestoreApi}).
 */
@RestController
public class RestoreStagingController {
    private final StagingArea staging;
    private final ImportService imports;

    public RestoreStagingController(StagingArea staging, ImportService imports) {
        this.staging = staging;
        this.imports = imports;
    }

    /**
     * Streams the body into the staging area: 201 when written, 200 when the same file was already staged (its body is
     * then not read: send {@code Expect: 100-continue} to save the transfer).
     */
    @PutMapping(path = AgentPaths.STAGED_FILE, consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<RestoreApi.Staged> upload(
            @PathVariable String operationId,
            @PathVariable String keyspace,
            @PathVariable String table,
            @PathVariable String fileName,
            @RequestHeader(name = AgentHeaders.SHA256, required = false) String sha256,
            HttpServletRequest request)
            throws IOException {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        StageResult result =
                staging.stage(target, fileName, sha256, request.getContentLengthLong(), request.getInputStream());
        StagedFile file = result.file();
        return ResponseEntity.status(result.alreadyStaged() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(new RestoreApi.Staged(file.fileName(), file.size(), file.sha256(), result.alreadyStaged()));
    }

    @GetMapping(AgentPaths.TABLE_STAGING)
    public RestoreApi.TableStaging staged(
            @PathVariable String operationId, @PathVariable String keyspace, @PathVariable String table) {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        return new RestoreApi.TableStaging(
                target.operationId(),
                target.keyspace(),
                target.table(),
                imports.isImported(target),
                staging.list(target).stream()
                        .map(file -> new RestoreApi.StagedFile(file.fileName(), file.size(), file.sha256()))
                        .toList());
    }

    @GetMapping(AgentPaths.STAGING_SPACE)
    public RestoreApi.StagingSpace space(@PathVariable String operationId) {
        StagingSpace space = staging.space(operationId);
        return new RestoreApi.StagingSpace(space.stagingDirectory(), space.usableBytes(), space.stagedBytes());
    }

    @PostMapping(AgentPaths.TABLE_IMPORT)
    public RestoreApi.Imported importTable(
            @PathVariable String operationId,
            @PathVariable String keyspace,
            @PathVariable String table,
            @RequestBody(required = false) RestoreApi.ImportRequest body) {
        StagedTable target = new StagedTable(operationId, keyspace, table);
        boolean truncate = body != null && Boolean.TRUE.equals(body.truncate());
        RestoreApi.ImportMethod method = body == null ? RestoreApi.ImportMethod.IMPORT : body.methodOrDefault();
        ImportResult result = imports.importTable(target, truncate, load(method));
        return new RestoreApi.Imported(
                result.keyspace(),
                result.table(),
                result.importedFiles(),
                result.importedBytes(),
                result.truncated(),
                result.alreadyImported(),
                result.method() == LoadMethod.STREAM ? RestoreApi.ImportMethod.STREAM : RestoreApi.ImportMethod.IMPORT);
    }

    private static LoadMethod load(RestoreApi.ImportMethod method) {
        return switch (method) {
            case IMPORT -> LoadMethod.IMPORT;
            case STREAM -> LoadMethod.STREAM;
        };
    }

    @DeleteMapping(AgentPaths.OPERATION_STAGING)
    public ResponseEntity<Void> delete(@PathVariable String operationId) {
        staging.deleteOperation(operationId);
        return ResponseEntity.noContent().build();
    }
}
