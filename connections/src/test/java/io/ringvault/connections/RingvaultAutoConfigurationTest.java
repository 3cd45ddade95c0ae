package io.ringvault.connections;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringvault.common.CloudEventCodec;
import io.ringvault.common.TopicNames;
import io.ringvault.connections.kafka.DeadLetters;
import io.ringvault.connections.kafka.EventsReplay;
import io.ringvault.connections.kafka.RecordDecoder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The auto-configuration as a service gets it, and settings bound the way the services bind theirs. */
class RingvaultAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RingvaultAutoConfiguration.class))
            .withUserConfiguration(TestSettings.class);

    @Test
    void shouldNameTheTopicsAfterTheirDefaultsUnlessConfigured() {
        runner.withPropertyValues("ringvault.topics.events=acme.events", "ringvault.topics.dlq=")
                .run(context -> {
                    TopicNames names = context.getBean("topicNames", TopicNames.class);
                    assertThat(names.events()).isEqualTo("acme.events");
                    assertThat(names.dlq()).isEqualTo("ringvault.dlq");
                    assertThat(names.commands()).isEqualTo("ringvault.commands");
                    assertThat(context).hasSingleBean(CloudEventCodec.class);
                });
    }

    /** The settings of a service whose application.yml maps every variable, none of them set. */
    @Test
    void shouldBindEmptyValuesAsTheDefaults() {
        runner.withPropertyValues(
                        "test.cassandra.contact-points=",
                        "test.cassandra.local-datacenter=",
                        "test.cassandra.username=",
                        "test.cassandra.password=",
                        "test.cassandra.ssl.enabled=",
                        "test.cassandra.ssl.truststore-password=",
                        "test.cassandra.ssl.hostname-validation=")
                .run(context -> {
                    CassandraConnection cassandra =
                            context.getBean(TestProperties.class).cassandra();
                    assertThat(cassandra.contactPoints()).containsExactly("127.0.0.1:9042");
                    assertThat(cassandra.localDatacenter()).isEqualTo("dc1");
                    assertThat(cassandra.username()).isNull();
                    assertThat(cassandra.password()).isNull();
                    assertThat(cassandra.ssl().enabled()).isFalse();
                    assertThat(cassandra.ssl().truststorePassword()).isNull();
                    assertThat(cassandra.ssl().hostnameValidation()).isTrue();
                });
    }

    @Test
    void shouldBindSecretsThroughTheConverterAndNeverPrintThem() {
        runner.withPropertyValues(
                        "test.cassandra.contact-points=10.0.0.1:9042,10.0.0.2",
                        "test.cassandra.username=ringvault",
                        "test.cassandra.password=the-cql-password",
                        "test.cassandra.ssl.enabled=true",
                        "test.cassandra.ssl.keystore-path=/tls/key.p12",
                        "test.cassandra.ssl.keystore-password=the-keystore-password")
                .run(context -> {
                    CassandraConnection cassandra =
                            context.getBean(TestProperties.class).cassandra();
                    assertThat(cassandra.contactPoints()).containsExactly("10.0.0.1:9042", "10.0.0.2");
                    assertThat(cassandra.password().value()).isEqualTo("the-cql-password");
                    assertThat(cassandra.ssl().keystorePassword().value()).isEqualTo("the-keystore-password");
                    assertThat(cassandra.toString())
                            .contains("ringvault", "/tls/key.p12", "(redacted)")
                            .doesNotContain("the-cql-password", "the-keystore-password");
                });
    }

    @Test
    void shouldLeaveOutTheKafkaPlumbingWithoutKafka() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(DeadLetters.class)
                .doesNotHaveBean(RecordDecoder.class)
                .doesNotHaveBean(EventsReplay.class)
                .hasSingleBean(EmptyKafkaPropertiesRemover.class));
    }

    @Test
    void shouldProvideTheKafkaPlumbingBesideSpringBootsKafka() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(KafkaAutoConfiguration.class, RingvaultAutoConfiguration.class))
                .withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:9", "ringvault.topics.dlq=acme.dlq")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(DeadLetters.class)
                        .hasSingleBean(RecordDecoder.class)
                        .hasSingleBean(EventsReplay.class)
                        .getBean(EventsReplay.class)
                        .extracting(EventsReplay::topic)
                        .isEqualTo("ringvault.events"));
    }

    @ConfigurationProperties("test")
    record TestProperties(CassandraConnection cassandra) {
        TestProperties {
            cassandra = cassandra == null ? CassandraConnection.defaults() : cassandra;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TestProperties.class)
    static class TestSettings {}
}
