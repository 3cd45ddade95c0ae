package io.ringvault.coordinator.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.ringvault.common.Envelope;
import io.ringvault.common.MessageType;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.BackupRequested;
import io.ringvault.common.message.CancelRequested;
import io.ringvault.common.message.CopyRequested;
import io.ringvault.common.message.DeleteRequested;
import io.ringvault.common.message.GcRequested;
import io.ringvault.common.message.PurgeRequested;
import io.ringvault.common.message.Request;
import io.ringvault.common.message.RestoreRequested;
import io.ringvault.common.message.Retention;
import io.ringvault.common.message.VerifyRequested;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationView;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.request.RequestService;
import io.ringvault.coordinator.security.Callers;
import io.ringvault.coordinator.security.EndpointRoles;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests over REST. The body is the same {@code data} a system would publish on the requests topic, and goes through
 * the same validation. An {@code Idempotency-Key} header plays the part of the CloudEvent id: repeat it and the same
 * operation comes back.
 *
 * <p>Who asked ({@code requestedBy}) is the authenticated caller ({@link Callers}): a body's {@code requestedBy} or an
 * {@code X-Requested-By} header counts only when authentication is off.
 */
@RestController
@RequestMapping("/api/v1")
public class RequestsController {
    static final String SOURCE = "/ringvault/rest";

    private final RequestService requests;
    private final OperationLog log;
    private final Callers callers;

    public RequestsController(RequestService requests, OperationLog log, Callers callers) {
        this.requests = requests;
        this.log = log;
        this.callers = callers;
    }

    /** The answer to an accepted request. */
    public record Accepted(String operationId, String state, boolean duplicate) {}

    @PostMapping("/backups")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> backup(
            @RequestBody BackupRequested request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(submit(
                MessageType.BACKUP_REQUESTED,
                idempotencyKey,
                request.requestedBy(callers.requestedBy(request.requestedBy()))));
    }

    @PostMapping("/restores")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> restore(
            @RequestBody RestoreRequested request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(submit(
                MessageType.RESTORE_REQUESTED,
                idempotencyKey,
                request.requestedBy(callers.requestedBy(request.requestedBy()))));
    }

    /**
     * The body of a verify request: the {@code data} of {@code backup.verify.requested} without the backup id, which is
     * the path's. An absent body is a plain verify.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VerifyBody(Boolean deep, String requestedBy) {}

    @PostMapping("/backups/{id}/verify")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> verify(
            @PathVariable String id,
            @RequestBody(required = false) VerifyBody body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        VerifyBody options = body == null ? new VerifyBody(null, null) : body;
        return accepted(submit(
                MessageType.VERIFY_REQUESTED,
                idempotencyKey,
                payload(() -> new VerifyRequested(id, options.deep(), callers.requestedBy(options.requestedBy())))));
    }

    /**
     * The body of a copy request: the {@code data} of {@code backup.copy.requested} without the backup id, which is the
     * path's.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CopyBody(String target, String requestedBy) {}

    /** Copies a backup to one of the copy targets ({@code ringvault.storage.targets.<name>}), named in the body. */
    @PostMapping("/backups/{id}/copy")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> copy(
            @PathVariable String id,
            @RequestBody CopyBody body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(submit(
                MessageType.COPY_REQUESTED,
                idempotencyKey,
                payload(() -> new CopyRequested(id, body.target(), callers.requestedBy(body.requestedBy())))));
    }

    /**
     * Deletes a backup: its manifests, its index entry and its objects no other backup references. Who asks goes in
     * {@code X-Requested-By}, as for a cancel (a DELETE has no body).
     */
    @DeleteMapping("/backups/{id}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> delete(
            @PathVariable String id,
            @RequestHeader(name = "X-Requested-By", required = false) String requestedBy,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return accepted(submit(
                MessageType.DELETE_REQUESTED,
                idempotencyKey,
                payload(() -> new DeleteRequested(id, callers.requestedBy(requestedBy)))));
    }

    /**
     * The body of a purge request: the {@code data} of {@code backup.purge.requested} without {@code requestedBy},
     * which goes in {@code X-Requested-By} as for a delete. An absent body is a purge by the cluster's policy.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PurgeBody(Boolean dryRun, Retention retention) {}

    /**
     * Deletes the backups a retention policy no longer keeps (the body's, else the cluster's); with {@code dryRun},
     * only reports what it would delete and free.
     */
    @PostMapping("/backups/purge")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> purge(
            @RequestBody(required = false) PurgeBody body,
            @RequestHeader(name = "X-Requested-By", required = false) String requestedBy,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        PurgeBody options = body == null ? new PurgeBody(null, null) : body;
        return accepted(submit(
                MessageType.PURGE_REQUESTED,
                idempotencyKey,
                payload(() ->
                        new PurgeRequested(callers.requestedBy(requestedBy), options.dryRun(), options.retention()))));
    }

    /**
     * The body of a gc request: the {@code data} of {@code backup.gc.requested}. An absent body is a collection with the
     * coordinator's grace period.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GcBody(String gracePeriod, Boolean dryRun, String requestedBy) {}

    /**
     * Collects the garbage of the object store: the objects no complete backup references, older than the grace
     * period. Who asks goes in {@code X-Requested-By} (or the body's {@code requestedBy}).
     */
    @PostMapping("/backups/gc")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> gc(
            @RequestBody(required = false) GcBody body,
            @RequestHeader(name = "X-Requested-By", required = false) String requestedBy,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        GcBody options = body == null ? new GcBody(null, null, null) : body;
        String who = requestedBy != null && !requestedBy.isBlank() ? requestedBy : options.requestedBy();
        return accepted(submit(
                MessageType.GC_REQUESTED,
                idempotencyKey,
                payload(() -> new GcRequested(callers.requestedBy(who), options.gracePeriod(), options.dryRun()))));
    }

    @PostMapping("/operations/{id}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ResponseEntity<Accepted> cancel(
            @PathVariable String id, @RequestHeader(name = "X-Requested-By", required = false) String requestedBy) {
        // An operator stops what an operator may start; the rest takes an admin (EndpointRoles.toCancel).
        callers.require(
                EndpointRoles.toCancel(log.view(id).map(OperationView::kind)), "cancelling operation '" + id + "'");
        RequestService.Outcome outcome = submit(
                MessageType.CANCEL_REQUESTED,
                null,
                payload(() -> new CancelRequested(id, callers.requestedBy(requestedBy))));
        return ResponseEntity.accepted().body(new Accepted(outcome.operationId(), "cancelled", false));
    }

    private RequestService.Outcome submit(MessageType type, String idempotencyKey, Request request) {
        String id = idempotencyKey == null || idempotencyKey.isBlank()
                ? UUID.randomUUID().toString()
                : idempotencyKey;
        return requests.submit(new Envelope<>(id, SOURCE, type, Instant.now(), null, request), "rest");
    }

    /**
     * A request built from the path, headers and body: a value its record refuses (a malformed id in the path, a
     * missing field) is the client's mistake, answered 400 {@code invalid-data} with the record's message naming it.
     */
    private static Request payload(Supplier<Request> request) {
        try {
            return request.get();
        } catch (IllegalArgumentException e) {
            throw RequestRejectedException.invalid(FailureReason.INVALID_DATA, e.getMessage());
        }
    }

    private static ResponseEntity<Accepted> accepted(RequestService.Outcome outcome) {
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/operations/" + outcome.operationId()))
                .body(new Accepted(outcome.operationId(), "accepted", outcome.duplicate()));
    }
}
