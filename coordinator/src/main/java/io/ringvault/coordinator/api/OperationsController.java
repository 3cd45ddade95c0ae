package io.ringvault.coordinator.api;

import io.ringvault.coordinator.operation.BackupView;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.operation.OperationView;
import io.ringvault.coordinator.request.RequestRejectedException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** Reads of the folded state: operations, their history, and backups. Any coordinator instance can answer. */
@RestController
@RequestMapping("/api/v1")
public class OperationsController {
    private final OperationLog log;

    public OperationsController(OperationLog log) {
        this.log = log;
    }

    @GetMapping("/operations")
    public List<OperationView> operations() {
        return log.views();
    }

    @GetMapping("/operations/{id}")
    public OperationView operation(@PathVariable String id) {
        return log.view(id).orElseThrow(() -> notFound("operation", id));
    }

    /** The full history of the operation: the CloudEvents exactly as they are on the events topic. */
    @GetMapping("/operations/{id}/events")
    public List<ObjectNode> events(@PathVariable String id) {
        List<ObjectNode> history = log.history(id);
        if (history.isEmpty()) {
            throw notFound("operation", id);
        }
        return history;
    }

    @GetMapping("/backups")
    public List<BackupView> backups() {
        return log.backups();
    }

    @GetMapping("/backups/{id}")
    public BackupView backup(@PathVariable String id) {
        return log.backup(id).orElseThrow(() -> notFound("backup", id));
    }

    private static RequestRejectedException notFound(String what, String id) {
        return new RequestRejectedException("unknown-" + what, what + " '" + id + "' does not exist", 404);
    }
}
