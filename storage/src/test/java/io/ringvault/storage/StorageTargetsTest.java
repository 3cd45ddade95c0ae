package io.ringvault.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.convert.support.DefaultConversionService;

class StorageTargetsTest {

    private static StorageTargets bind(Map<String, String> keys) {
        DefaultConversionService conversions = new DefaultConversionService();
        conversions.addConverter(new io.ringvault.connections.SecretConverter());
        return new Binder(java.util.List.of(new MapConfigurationPropertySource(keys)), null, conversions)
                .bind("ringvault.storage", StorageTargets.class)
                .orElseGet(StorageTargets::none);
    }

    @Test
    void shouldBindNamedTargetsOfTheSameShapeAsThePrimaryStoreBesideIt() {
        StorageTargets targets = bind(Map.of(
                "ringvault.storage.type", "s3",
                "ringvault.storage.s3.bucket", "primary",
                "ringvault.storage.targets.gcs-eu.type", "gcs",
                "ringvault.storage.targets.gcs-eu.gcs.bucket", "copies",
                "ringvault.storage.targets.gcs-eu.gcs.endpoint", "http://127.0.0.1:4443",
                "ringvault.storage.targets.azure.type", "azure",
                "ringvault.storage.targets.azure.azure.container", "copies",
                "ringvault.storage.targets.azure.azure.account-name", "acct",
                "ringvault.storage.targets.azure.azure.account-key", "a2V5LXZhbHVl"));

        assertThat(targets.names()).containsExactly("azure", "gcs-eu");
        assertThat(targets.target("gcs-eu").orElseThrow().type()).isEqualTo(StorageProperties.Type.GCS);
        assertThat(targets.target("gcs-eu").orElseThrow().gcs().bucket()).isEqualTo("copies");
        assertThat(targets.target("azure").orElseThrow().azure().accountKey().value())
                .isEqualTo("a2V5LXZhbHVl");
        assertThat(targets.toString()).doesNotContain("a2V5LXZhbHVl").contains("(redacted)");
        assertThat(targets.target("s3")).isEmpty();
    }

    @Test
    void shouldHaveNoTargetByDefault() {
        StorageTargets targets = bind(Map.of("ringvault.storage.type", "filesystem"));
        assertThat(targets.names()).isEmpty();
        assertThat(targets.describeNames()).isEqualTo("there is none");
    }

    @Test
    void shouldRefuseATargetWhoseSettingsCannotWorkWhenBound() {
        assertThatThrownBy(() -> bind(Map.of(
                        "ringvault.storage.targets.s3.type", "s3",
                        "ringvault.storage.targets.s3.s3.bucket", "b",
                        "ringvault.storage.targets.s3.s3.part-size", "1MB")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("part-size");
    }

    @Test
    void shouldOpenATargetWithTheStoreFactoryAndRefuseAnUnknownNameNamingTheKnownOnes(@TempDir Path root) {
        StorageTargets targets = bind(Map.of(
                "ringvault.storage.targets.local.type",
                "filesystem",
                "ringvault.storage.targets.local.filesystem.root",
                root.toString()));

        try (ObjectStore store = targets.open("local")) {
            store.put("k", new byte[] {1, 2, 3});
            assertThat(store.head("k").orElseThrow().size()).isEqualTo(3);
        }
        assertThatThrownBy(() -> targets.open("gcs")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.reason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("'gcs'", "the targets are local");
        });
        assertThatThrownBy(() -> new StorageTargets(Map.of("../x", StorageProperties.defaults())))
                .hasMessageContaining("not a target name");
    }
}
