package io.ringvault.connections;

import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Drops the entries of {@code spring.kafka.properties} (and of its consumer, producer, admin and streams variants)
 * whose value is empty, so that Kafka's own defaults apply.
 *
 * <p>Every service's {@code application.yml} passes the SASL and TLS settings as {@code spring.kafka.properties.*}
 * with {@code ${RINGVAULT_KAFKA_…:}} placeholders whose default is empty, and a placeholder cannot make a key absent.
 * Kafka takes an empty value at its word: an empty {@code ssl.truststore.password} without a truststore fails every
 * TLS client ("SSL trust store is not specified, but trust store password is specified"), an empty
 * {@code sasl.jaas.config} fails SASL. Cleaning {@link KafkaProperties} once, right after binding, covers every client
 * built from it: Spring Boot's factories and admin, and the services' own readers that call
 * {@code buildConsumerProperties()}.
 *
 * <p>Every service gets it from {@link RingvaultAutoConfiguration}.
 */
public class EmptyKafkaPropertiesRemover implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof KafkaProperties kafka) {
            removeEmptyValues(kafka.getProperties());
            removeEmptyValues(kafka.getAdmin().getProperties());
            removeEmptyValues(kafka.getConsumer().getProperties());
            removeEmptyValues(kafka.getProducer().getProperties());
            removeEmptyValues(kafka.getStreams().getProperties());
        }
        return bean;
    }

    private static void removeEmptyValues(Map<String, String> properties) {
        properties.values().removeIf(value -> value == null || value.isBlank());
    }
}
