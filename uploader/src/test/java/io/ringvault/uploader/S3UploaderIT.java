package io.ringvault.uploader;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The uploader's suite with the S3 object store (s3proxy), 5 MiB parts: the larger files go up in several parts. */
class S3UploaderIT extends UploaderContract {
    static final UploaderHarness HARNESS = UploaderHarness.s3();

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
