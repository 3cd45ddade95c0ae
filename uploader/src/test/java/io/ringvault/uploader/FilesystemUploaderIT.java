package io.ringvault.uploader;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The uploader's suite with the filesystem object store. */
class FilesystemUploaderIT extends UploaderContract {
    static final UploaderHarness HARNESS = UploaderHarness.filesystem();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HARNESS.properties("first").forEach((key, value) -> registry.add(key, () -> value));
    }

    @AfterAll
    static void close() {
        HARNESS.close();
    }

    @Override
    UploaderHarness harness() {
        return HARNESS;
    }
}
