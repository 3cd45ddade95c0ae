package io.ringvault.coordinator.api;

import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.ScheduleCreateRequested;
import io.ringvault.common.message.ScheduleDeleteRequested;
import io.ringvault.common.message.SchedulePauseRequested;
import io.ringvault.common.message.ScheduleRequest;
import io.ringvault.common.message.ScheduleResumeRequested;
import io.ringvault.coordinator.request.RequestRejectedException;
import io.ringvault.coordinator.schedule.ScheduleService;
import io.ringvault.coordinator.schedule.ScheduleView;
import io.ringvault.coordinator.schedule.ScheduleViews;
import io.ringvault.coordinator.security.Callers;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Schedules over REST. A create's body is the same {@code data} a system would publish as
 * {@code io.ringvault.schedule.create.requested}; pause, resume and delete take the name from the path and who asks
 * from {@code X-Requested-By}. Each goes through the same validation as its Kafka request. With authentication on,
 * who asked is the authenticated caller, whatever the body or header says.
 */
@RestController
@RequestMapping("/api/v1/schedules")
public class SchedulesController {
    private final ScheduleService schedules;
    private final ScheduleViews views;
    private final Callers callers;

    public SchedulesController(ScheduleService schedules, ScheduleViews views, Callers callers) {
        this.schedules = schedules;
        this.views = views;
        this.callers = callers;
    }

    /**
     * The answer to a schedule request, once its event is on the log.
     *
     * @param state {@code active}, {@code paused} or {@code deleted}
     * @param changed false when the schedule was already so and nothing was written
     */
    public record Changed(String name, String state, boolean changed) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<Changed> create(@RequestBody ScheduleCreateRequested request) {
        Changed changed = submit(request.requestedBy(callers.requestedBy(request.requestedBy())));
        return ResponseEntity.created(URI.create("/api/v1/schedules/" + request.name()))
                .body(changed);
    }

    @GetMapping
    public List<ScheduleView> list() {
        return views.list();
    }

    @GetMapping("/{name}")
    public ScheduleView get(@PathVariable String name) {
        return views.get(name);
    }

    @PostMapping("/{name}/pause")
    public Changed pause(
            @PathVariable String name, @RequestHeader(name = "X-Requested-By", required = false) String requestedBy) {
        return submit(named(name, () -> new SchedulePauseRequested(name, callers.requestedBy(requestedBy))));
    }

    @PostMapping("/{name}/resume")
    public Changed resume(
            @PathVariable String name, @RequestHeader(name = "X-Requested-By", required = false) String requestedBy) {
        return submit(named(name, () -> new ScheduleResumeRequested(name, callers.requestedBy(requestedBy))));
    }

    @DeleteMapping("/{name}")
    public Changed delete(
            @PathVariable String name, @RequestHeader(name = "X-Requested-By", required = false) String requestedBy) {
        return submit(named(name, () -> new ScheduleDeleteRequested(name, callers.requestedBy(requestedBy))));
    }

    private Changed submit(ScheduleRequest request) {
        ScheduleService.Outcome outcome = schedules.submit(request, RequestsController.SOURCE, "rest");
        return new Changed(outcome.name(), outcome.state(), outcome.changed());
    }

    /** A name that is not a schedule name names no schedule. */
    private static ScheduleRequest named(String name, Supplier<ScheduleRequest> request) {
        try {
            return request.get();
        } catch (IllegalArgumentException e) {
            throw RequestRejectedException.notFound(
                    FailureReason.UNKNOWN_SCHEDULE, "schedule '" + name + "' does not exist: " + e.getMessage());
        }
    }
}
