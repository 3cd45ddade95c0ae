package io.ringvault.agent.api;

import io.ringvault.agent.snapshot.SnapshotFileAccess;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the files of the snapshots this agent took, for uploaders that fetch them over HTTP. The body is streamed from
 * disk, never buffered whole; Spring MVC answers {@code Range} requests for a {@link Resource} body with 206 and the
 * requested bytes, so an interrupted download resumes where it stopped.
 */
@RestController
@RequestMapping("/api/v1/snapshots")
public class SnapshotFilesController {
    private final SnapshotFileAccess access;

    public SnapshotFilesController(SnapshotFileAccess access) {
        this.access = access;
    }

    @GetMapping("/{backupId}/files/{dataDirectory}/{keyspace}/{tableDirectory}/{fileName}")
    public ResponseEntity<Resource> file(
            @PathVariable String backupId,
            @PathVariable String dataDirectory,
            @PathVariable String keyspace,
            @PathVariable String tableDirectory,
            @PathVariable String fileName) {
        Path file = access.resolve(backupId, dataDirectory, keyspace, tableDirectory, fileName);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .body(new FileSystemResource(file));
    }
}
