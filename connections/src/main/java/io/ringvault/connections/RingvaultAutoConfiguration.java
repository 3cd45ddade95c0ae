package io.ringvault.connections;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.TopicNames;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.connections.kafka.RecordDecoder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What every ringvault service gets by having {@code connections} on its classpath: secrets bound from configuration,
 * the topic names ({@code ringvault.topics.*}, as the bean {@code topicNames} that listeners name in
 * {@code #{@topicNames.commands()}}), the message codec, and on Kafka: the cleaning of empty client settings, the
 * dead-letter writer, the listeners' decoder and the events-topic replay. A service declares a bean of the same type to
 * replace one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(RingvaultTopics.class)
public class RingvaultAutoConfiguration {

    /** Static: converters for {@code @ConfigurationProperties} must exist before any settings are bound. */
    @Bean
    @ConfigurationPropertiesBinding
    static SecretConverter secretConverter() {
        return new SecretConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    TopicNames topicNames(RingvaultTopics topics) {
        return topics.names();
    }

    @Bean
    @ConditionalOnMissingBean
    CloudEventCodec cloudEventCodec() {
        return new CloudEventCodec();
    }

    /** The Kafka plumbing, in services with Spring for Apache Kafka. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.kafka.core.KafkaTemplate",
                "org.springframework.boot.kafka.autoconfigure.KafkaProperties"
            })
    static class KafkaPlumbing {

        /** Static: a post-processor must not pull other beans into existence early. */
        @Bean
        static EmptyKafkaPropertiesRemover emptyKafkaPropertiesRemover() {
            return new EmptyKafkaPropertiesRemover();
        }

        @Bean
        @ConditionalOnBean(KafkaTemplate.class)
        @ConditionalOnMissingBean
        DeadLetters deadLetters(KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
            return new DeadLetters(kafka, topics.dlq());
        }

        @Bean
        @ConditionalOnBean(DeadLetters.class)
        @ConditionalOnMissingBean
        RecordDecoder recordDecoder(CloudEventCodec codec, DeadLetters deadLetters) {
            return new RecordDecoder(codec, deadLetters);
        }

        /** With the consumers' own settings (brokers, TLS, SASL), as Spring Boot's consumer factory has them. */
        @Bean
        @ConditionalOnBean(ConsumerFactory.class)
        @ConditionalOnMissingBean
        EventsReplay eventsReplay(ConsumerFactory<?, ?> consumers, TopicNames topics) {
            return EventsReplay.of(consumers.getConfigurationProperties(), topics.events());
        }
    }
}
