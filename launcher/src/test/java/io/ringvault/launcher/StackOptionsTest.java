package io.ringvault.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.testkit.StoreTarget;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code --store-type} and {@code --s3} reach the options of the stack and the demo. */
class StackOptionsTest {

    private static StackCommand.StackOptions demoOptions(String... arguments) {
        DemoCommand demo = new DemoCommand();
        new CommandLine(demo).parseArgs(arguments);
        return demo.stackOptions;
    }

    @Test
    void shouldPassTheStoreTypeOfTheDemoToTheStack() {
        StackCommand.StackOptions options = demoOptions("--store-type", "gcs", "--size-mb", "5");

        assertThat(options.toOptions().storeType()).isEqualTo(StoreTarget.Kind.GCS);
        assertThat(options.toOptions().s3()).isFalse();
        assertThat(options.toOptions()).isNotEqualTo(LocalRingvault.Options.DEFAULT);
    }

    @Test
    void shouldHandTheStoreTypeOnToTheSupervisorThatUpStarts() {
        StackCommand.StackOptions azure = demoOptions("--store-type", "AZURE");
        assertThat(azure.arguments()).containsSubsequence("--store-type", "azure");

        StackCommand.StackOptions served = demoOptions(azure.arguments().toArray(String[]::new));
        assertThat(served.toOptions()).isEqualTo(azure.toOptions());
        assertThat(served.toOptions().storeType()).isEqualTo(StoreTarget.Kind.AZURE);
    }

    @Test
    void shouldTakeS3AsASynonymOfStoreTypeS3() {
        assertThat(demoOptions("--s3").toOptions())
                .isEqualTo(demoOptions("--store-type", "s3").toOptions());
        assertThat(demoOptions("--s3").toOptions().storeType()).isEqualTo(StoreTarget.Kind.S3);
        assertThat(demoOptions("--s3", "--store-type", "s3").toOptions().s3()).isTrue();
    }

    @Test
    void shouldDefaultToTheFilesystemStore() {
        assertThat(demoOptions().toOptions()).isEqualTo(LocalRingvault.Options.DEFAULT);
        assertThat(demoOptions().arguments()).doesNotContain("--store-type", "--s3");
    }

    @Test
    void shouldRefuseAnUnknownOrContradictoryStoreType() {
        assertThatThrownBy(() -> demoOptions("--store-type", "ftp").toOptions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("filesystem, s3, gcs or azure");
        assertThatThrownBy(() -> demoOptions("--s3", "--store-type", "gcs").toOptions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contradict");
    }

    @Test
    void shouldPassTlsOnToTheSupervisor() {
        StackCommand.StackOptions up = demoOptions("--tls");

        assertThat(up.toOptions().tls()).isTrue();
        assertThat(up.arguments()).contains("--tls");
        assertThat(demoOptions(up.arguments().toArray(String[]::new)).toOptions())
                .isEqualTo(up.toOptions());
        assertThat(demoOptions().toOptions().tls()).isFalse();
    }
}
