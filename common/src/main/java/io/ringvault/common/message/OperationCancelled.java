package io.ringvault.common.message;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * {@code io.ringvault.operation.cancelled}: the operation was cancelled on request. Sent by the coordinator; the last
 * event of the operation.
 *
 * @param requestedBy who asked for the cancel
 * @param requestSource the CloudEvent source of the cancel request
 * @param importedTables for a restore: the {@code keyspace.table} names already imported, whose data stays
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OperationCancelled(String requestedBy, String requestSource, List<String> importedTables)
        implements Event {
    public OperationCancelled {
        importedTables = Names.listOrEmpty(importedTables, "importedTables");
    }

    /** A cancel with nothing imported. */
    public OperationCancelled(String requestedBy, String requestSource) {
        this(requestedBy, requestSource, null);
    }
}
