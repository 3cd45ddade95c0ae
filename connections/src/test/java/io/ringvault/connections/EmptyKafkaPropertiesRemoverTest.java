package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.testkit.SelfSignedTls;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Binds the services' Kafka settings as their {@code application.yml} does with no {@code RINGVAULT_KAFKA_*} variable
 * set (empty values), then builds real Kafka clients from them: no broker is needed to construct a client, but its
 * TLS and SASL settings are checked on construction.
 */
class EmptyKafkaPropertiesRemoverTest {

    /** What every service's application.yml says when none of the variables is set. */
    private static Map<String, Object> unsetVariables() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.kafka.bootstrap-servers", "127.0.0.1:9");
        settings.put("spring.kafka.security.protocol", "PLAINTEXT");
        settings.put("spring.kafka.properties.sasl.mechanism", "GSSAPI");
        settings.put("spring.kafka.properties.sasl.jaas.config", "");
        settings.put("spring.kafka.properties.ssl.truststore.location", "");
        settings.put("spring.kafka.properties.ssl.truststore.password", "");
        settings.put("spring.kafka.properties.ssl.truststore.type", "");
        settings.put("spring.kafka.properties.ssl.keystore.location", "");
        settings.put("spring.kafka.properties.ssl.keystore.password", "");
        settings.put("spring.kafka.properties.ssl.keystore.type", "");
        settings.put("spring.kafka.properties.ssl.key.password", "");
        return settings;
    }

    @Test
    void shouldLeaveOutEverySettingThatIsEmpty() {
        Map<String, Object> consumer = consumerProperties(unsetVariables(), true);

        assertThat(consumer)
                .containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("sasl.mechanism", "GSSAPI")
                .doesNotContainKeys(
                        "sasl.jaas.config",
                        "ssl.truststore.location",
                        "ssl.truststore.password",
                        "ssl.truststore.type",
                        "ssl.keystore.location",
                        "ssl.keystore.password",
                        "ssl.keystore.type",
                        "ssl.key.password");
    }

    /** The JVM's default trust (public CAs, or -Djavax.net.ssl.trustStore), as with a managed Kafka service. */
    @Test
    void shouldBuildSaslTlsClientsWithTheJvmDefaultTrust() {
        Map<String, Object> settings = unsetVariables();
        settings.put("spring.kafka.security.protocol", "SASL_SSL");
        settings.put("spring.kafka.properties.sasl.mechanism", "PLAIN");
        settings.put(
                "spring.kafka.properties.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";");

        try (ConfigurableApplicationContext context = start(settings, true)) {
            KafkaProperties kafka = context.getBean(KafkaProperties.class);
            new KafkaConsumer<>(withDeserializers(kafka.buildConsumerProperties())).close();
            new KafkaProducer<>(withSerializers(kafka.buildProducerProperties())).close();
            Admin.create(kafka.buildAdminProperties()).close();
        }
    }

    /** A plain file path, as for Cassandra's truststore; the client loads the store when it is built. */
    @Test
    void shouldBuildTlsClientsWithTheTruststoreAtAPlainPath(@TempDir Path directory) {
        SelfSignedTls tls = SelfSignedTls.generate(directory);
        Map<String, Object> settings = unsetVariables();
        settings.put("spring.kafka.security.protocol", "SSL");
        settings.put(
                "spring.kafka.properties.ssl.truststore.location",
                tls.truststore().toString());
        settings.put("spring.kafka.properties.ssl.truststore.password", tls.password());
        settings.put("spring.kafka.properties.ssl.truststore.type", "PKCS12");

        Map<String, Object> consumer = consumerProperties(settings, true);
        new KafkaConsumer<>(consumer).close();

        assertThat(consumer)
                .containsEntry("ssl.truststore.location", tls.truststore().toString());
    }

    /** Why the remover exists: the same clients fail without it. */
    @Test
    void shouldFailTlsClientsWithoutTheRemover() {
        Map<String, Object> settings = unsetVariables();
        settings.put("spring.kafka.security.protocol", "SSL");

        Map<String, Object> consumer = consumerProperties(settings, false);

        // Kafka trips over the first empty value it checks: the store type "" ("KeyStore not available"), or the
        // password without a store ("trust store is not specified, but trust store password is specified").
        assertThatThrownBy(() -> new KafkaConsumer<>(consumer).close()).isInstanceOf(KafkaException.class);
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> settings, boolean withRemover) {
        try (ConfigurableApplicationContext context = start(settings, withRemover)) {
            return withDeserializers(context.getBean(KafkaProperties.class).buildConsumerProperties());
        }
    }

    private static Map<String, Object> withDeserializers(Map<String, Object> properties) {
        properties.put("key.deserializer", StringDeserializer.class);
        properties.put("value.deserializer", ByteArrayDeserializer.class);
        return properties;
    }

    private static Map<String, Object> withSerializers(Map<String, Object> properties) {
        properties.put("key.serializer", StringSerializer.class);
        properties.put("value.serializer", ByteArraySerializer.class);
        return properties;
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings, boolean withRemover) {
        return new SpringApplicationBuilder(withRemover ? WithRemover.class : WithoutRemover.class)
                .web(WebApplicationType.NONE)
                .properties(settings)
                .run();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KafkaProperties.class)
    @Import(EmptyKafkaPropertiesRemover.class)
    static class WithRemover {}

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(KafkaProperties.class)
    static class WithoutRemover {}
}
