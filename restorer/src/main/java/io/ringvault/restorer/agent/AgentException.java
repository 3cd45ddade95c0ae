package io.ringvault.restorer.agent;

import io.ringvault.restorer.restore.AgentRefused;

/**
 * {@link AgentClient}'s error answer of a node agent: an HTTP status and the stable {@code reason} of its problem
 * response. What it means for a restore, and whether a retry can help, is the domain's {@link AgentRefused}.
 */
public class AgentException extends AgentRefused {
    public AgentException(int status, String reason, String message) {
        super(status, reason, message);
    }
}
