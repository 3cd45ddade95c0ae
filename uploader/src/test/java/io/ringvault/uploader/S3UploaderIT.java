package io.ringvault.uploader;

import io.ringvault.testkit.ObjectStoreEndpoint;
import io.ringvault.testkit.SharedStack;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

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

    /** The multipart uploads of the key the server still holds open: parts left behind, to pay for. */
    @Override
    List<String> leftBehind(String key) {
        ObjectStoreEndpoint endpoint = SharedStack.get().objectStore();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint.endpoint())
                .region(Region.of(endpoint.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoint.accessKey(), endpoint.secretKey())))
                .build()) {
            return s3.listMultipartUploads(b -> b.bucket(endpoint.bucket()).prefix(key)).uploads().stream()
                    .map(MultipartUpload::uploadId)
                    .toList();
        }
    }
}
