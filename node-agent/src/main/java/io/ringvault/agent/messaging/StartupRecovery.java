package io.ringvault.agent.messaging;

import io.ringvault.agent.snapshot.SnapshotService;
import io.ringvault.common.MessageType;
import io.ringvault.connections.kafka.EventsReplay;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * At start-up, before any command is read: finds the operations that are over by replaying the events topic (every
 * partition, up to its end at start: {@link EventsReplay}; an {@code operation.completed}, {@code .failed} or
 * {@code .cancelled} ends an operation), clears the recorded snapshots of those operations, and only then starts the
 * commands listener (so an old snapshot command read again for an operation that is over is recognised and ignored).
 * If the replay fails, nothing is cleared (an unknown operation may still need its snapshot) and the listener starts
 * anyway; clear commands still arrive.
 */
public class StartupRecovery implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StartupRecovery.class);

    private static final Set<String> TERMINAL_TYPES = Set.of(
            MessageType.OPERATION_COMPLETED.type(),
            MessageType.OPERATION_FAILED.type(),
            MessageType.OPERATION_CANCELLED.type());

    private final EventsReplay events;
    private final SnapshotService snapshots;
    private final KafkaListenerEndpointRegistry listeners;
    private final Duration timeout;
    private volatile boolean running;
    private volatile boolean recovered;

    public StartupRecovery(
            EventsReplay events, SnapshotService snapshots, KafkaListenerEndpointRegistry listeners, Duration timeout) {
        this.events = events;
        this.snapshots = snapshots;
        this.listeners = listeners;
        this.timeout = timeout;
    }

    @Override
    public void start() {
        try {
            Set<String> finished = finishedOperations();
            snapshots.recover(finished);
            recovered = true;
        } catch (RuntimeException e) {
            LOG.warn("start-up recovery skipped: {}; snapshots are cleared by their clear commands", e.getMessage());
        }
        MessageListenerContainer commands = listeners.getListenerContainer(CommandListener.ID);
        if (commands != null) {
            commands.start();
        }
        running = true;
    }

    /** The operations that are over, from the events topic. */
    private Set<String> finishedOperations() {
        Set<String> finished = new HashSet<>();
        events.replay(timeout, event -> {
            if (event.subject() != null && event.type() != null && TERMINAL_TYPES.contains(event.type())) {
                finished.add(event.subject());
            }
        });
        LOG.info("operations over on the events topic operations={}", finished.size());
        return finished;
    }

    /** Whether the replay succeeded and finished operations were cleared. */
    public boolean recovered() {
        return recovered;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the web server (whose port the agent URL needs), before anything that expects commands to flow. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
