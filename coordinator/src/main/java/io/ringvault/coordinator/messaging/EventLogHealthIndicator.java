package io.ringvault.coordinator.messaging;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Out of service until the event log has been replayed: before that, reads would show a partial state. */
@Component("eventLog")
public class EventLogHealthIndicator implements HealthIndicator {
    private final EventLogReader reader;

    public EventLogHealthIndicator(EventLogReader reader) {
        this.reader = reader;
    }

    @Override
    public Health health() {
        return reader.caughtUp()
                ? Health.up().withDetail("partitions", reader.partitions()).build()
                : Health.outOfService().withDetail("replaying", true).build();
    }
}
