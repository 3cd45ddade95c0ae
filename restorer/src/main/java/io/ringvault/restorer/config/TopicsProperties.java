package io.ringvault.restorer.config;

import io.ringvault.common.TopicNames;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Topic names ({@code ringvault.topics.*}), the same keys in every service; unset names take the defaults. */
@ConfigurationProperties("ringvault.topics")
public record TopicsProperties(String requests, String commands, String files, String events, String dlq) {
    public TopicNames names() {
        return new TopicNames(requests, commands, files, events, dlq);
    }
}
