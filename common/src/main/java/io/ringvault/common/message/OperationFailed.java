package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * {@code io.ringvault.operation.failed}: the operation ended in failure. Sent by the coordinator; the last event of the
 * operation.
 *
 * @param reason a stable machine-readable reason
 * @param detail a human-readable explanation naming what failed
 * @param nodeFailures per node host id, why that node failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationFailed(String reason, String detail, Map<String, String> nodeFailures) implements Event {
    public OperationFailed {
        Names.requireText(reason, "reason");
        Names.requireText(detail, "detail");
        nodeFailures = nodeFailures == null ? Map.of() : Map.copyOf(nodeFailures);
    }
}
