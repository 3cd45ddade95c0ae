package io.ringvault.connections;

import io.ringvault.common.Topic;
import io.ringvault.common.TopicNames;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The topic names of a deployment ({@code ringvault.topics.*}): the same keys in every service, which must all give
 * the same names. An unset or empty name is the topic's default ({@link Topic#defaultName()}, for example
 * {@code ringvault.events}); the defaults live there only.
 *
 * @param requests requests from outside (any system may publish here), besides the coordinator's REST API
 * @param commands commands from the coordinator to the node agents, uploaders and restorers
 * @param files one event per snapshot file to upload
 * @param events every state change: the audit trail and the coordinator's only state; never deleted
 * @param dlq rejected requests and records a listener gave up
 */
@ConfigurationProperties("ringvault.topics")
public record RingvaultTopics(String requests, String commands, String files, String events, String dlq) {

    /** The names, with the defaults filled in. */
    public TopicNames names() {
        return new TopicNames(requests, commands, files, events, dlq);
    }
}
