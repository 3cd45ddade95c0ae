package io.ringvault.common;

/**
 * The topic names a deployment uses. Every service binds the same keys ({@code ringvault.topics.requests}, …) so that
 * they agree; unset names take the defaults of {@link Topic}.
 */
public record TopicNames(String requests, String commands, String files, String events, String dlq) {
    public TopicNames {
        requests = orDefault(requests, Topic.REQUESTS);
        commands = orDefault(commands, Topic.COMMANDS);
        files = orDefault(files, Topic.FILES);
        events = orDefault(events, Topic.EVENTS);
        dlq = orDefault(dlq, Topic.DLQ);
    }

    public static TopicNames defaults() {
        return new TopicNames(null, null, null, null, null);
    }

    public String nameOf(Topic topic) {
        return switch (topic) {
            case REQUESTS -> requests;
            case COMMANDS -> commands;
            case FILES -> files;
            case EVENTS -> events;
            case DLQ -> dlq;
        };
    }

    private static String orDefault(String name, Topic topic) {
        return name == null || name.isBlank() ? topic.defaultName() : name;
    }
}
