package io.ringvault.agent.api;

import io.ringvault.agent.restore.RepairService;
import io.ringvault.agent.restore.RestoreException;
import io.ringvault.agentapi.AgentPaths;
import io.ringvault.agentapi.RestoreApi;
import io.ringvault.common.failure.FailureReason;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The repair the restorer asks for after a restore that wants one: tables of one keyspace, this node's primary ranges,
 * answered when Cassandra is done (agent-api's {@link AgentPaths#REPAIR}). Behind the same bearer token as the rest.
 */
@RestController
public class RepairController {
    private final RepairService repairs;

    public RepairController(RepairService repairs) {
        this.repairs = repairs;
    }

    @PostMapping(AgentPaths.REPAIR)
    public RestoreApi.Repaired repair(
            @PathVariable String operationId, @RequestBody(required = false) RestoreApi.RepairRequest body) {
        if (body == null || body.keyspace() == null) {
            throw new RestoreException(FailureReason.INVALID_NAME, "keyspace '' is not valid: a keyspace is required");
        }
        RepairService.Result result = repairs.repair(operationId, body.keyspace(), body.tables());
        return new RestoreApi.Repaired(
                result.keyspace(),
                result.tables(),
                result.outcome().command(),
                result.took().toSeconds(),
                result.outcome().messages());
    }
}
