package io.ringvault.coordinator.config;

import io.ringvault.coordinator.cluster.ClusterTopology;
import io.ringvault.coordinator.messaging.EventLogReader;
import io.ringvault.coordinator.messaging.OwnedPartitions;
import io.ringvault.coordinator.operation.EventSink;
import io.ringvault.coordinator.operation.OperationLog;
import io.ringvault.coordinator.request.RequestService;
import io.ringvault.coordinator.retention.ScheduleRetentions;
import io.ringvault.coordinator.schedule.ScheduleLog;
import io.ringvault.coordinator.schedule.ScheduleService;
import io.ringvault.coordinator.schedule.ScheduleValidator;
import io.ringvault.coordinator.schedule.ScheduleViews;
import io.ringvault.coordinator.schedule.Scheduler;
import java.time.Clock;
import java.util.Optional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Wires the schedules: their fold (beside the operations', over the same log), the service that takes their requests,
 * the views, the scheduler that fires them, and the retention each one sets.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScheduleProperties.class)
public class ScheduleConfig {

    /** Folded by the operation log's reader, so the schedules share its offsets and its replay. */
    @Bean
    ScheduleLog scheduleLog(OperationLog log) {
        ScheduleLog schedules = new ScheduleLog();
        log.alsoFold(schedules::apply);
        return schedules;
    }

    @Bean
    ScheduleService scheduleService(ScheduleLog schedules, ClusterTopology topology, EventSink publisher, Clock clock) {
        return new ScheduleService(schedules, new ScheduleValidator(topology), publisher, clock);
    }

    @Bean
    ScheduleViews scheduleViews(ScheduleLog schedules, OperationLog log, Clock clock) {
        return new ScheduleViews(schedules, log, clock);
    }

    /** The firings' requests take the one request path, with the channel {@code schedule}. */
    @Bean
    Scheduler scheduler(
            ScheduleLog schedules,
            OperationLog log,
            RequestService requests,
            EventSink publisher,
            Clock clock,
            OwnedPartitions owned,
            EventLogReader reader,
            ScheduleProperties properties) {
        return new Scheduler(
                schedules,
                log,
                request -> requests.submit(request, Scheduler.CHANNEL),
                publisher,
                clock,
                owned::owns,
                reader::caughtUp,
                properties.missedAfter(),
                properties.settle());
    }

    @Bean
    SchedulingConfigurer scheduleTick(Scheduler scheduler, ScheduleProperties properties) {
        return tasks -> tasks.addFixedDelayTask(scheduler::tick, properties.tick());
    }

    /** A schedule's own retention policy, for purges of the backups it took. */
    @Bean
    ScheduleRetentions scheduleRetentions(ScheduleLog schedules) {
        return name -> schedules
                .schedule(name)
                .flatMap(schedule -> Optional.ofNullable(schedule.definition().retention()));
    }
}
