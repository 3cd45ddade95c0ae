package io.ringvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

@ExtendWith(StackExtension.class)
class ObjectStoreIT {
    private static final int PART_SIZE = 8 * 1024 * 1024;
    private static final int PARTS = 8; // 64 MiB

    static S3Client client(ObjectStoreEndpoint store) {
        return S3Client.builder()
                .endpointOverride(store.endpoint())
                .region(Region.of(store.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(store.accessKey(), store.secretKey())))
                .build();
    }

    @Test
    void shouldPutAndGetA64MibObjectWithMultipartAndMatchingChecksums(Stack stack) throws Exception {
        ObjectStoreEndpoint store = stack.objectStore();
        String key = "testkit/multipart-64MiB.bin";
        MessageDigest uploaded = MessageDigest.getInstance("SHA-256");
        Random content = new Random(20261121L);
        byte[] part = new byte[PART_SIZE];

        try (S3Client s3 = client(store)) {
            String uploadId = s3.createMultipartUpload(
                            b -> b.bucket(store.bucket()).key(key))
                    .uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; number <= PARTS; number++) {
                content.nextBytes(part);
                uploaded.update(part);
                int partNumber = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(store.bucket())
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                                RequestBody.fromBytes(part))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(store.bucket())
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build()));

            HeadObjectResponse head =
                    s3.headObject(b -> b.bucket(store.bucket()).key(key));
            assertThat(head.contentLength()).isEqualTo((long) PART_SIZE * PARTS);
            // An S3 multipart ETag is the MD5 of the part MD5s followed by "-<number of parts>".
            assertThat(head.eTag()).endsWith("-" + PARTS + "\"");

            MessageDigest downloaded = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            try (InputStream in = s3.getObject(b -> b.bucket(store.bucket()).key(key))) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; bytes += n) {
                    downloaded.update(buffer, 0, n);
                }
            }
            assertThat(bytes).isEqualTo((long) PART_SIZE * PARTS);
            assertThat(HexFormat.of().formatHex(downloaded.digest()))
                    .isEqualTo(HexFormat.of().formatHex(uploaded.digest()));
        }
    }

    @Test
    void shouldRefuseAWrongSecret(Stack stack) {
        ObjectStoreEndpoint store = stack.objectStore();
        ObjectStoreEndpoint wrong = new ObjectStoreEndpoint(
                store.endpoint(), store.region(), store.bucket(), store.accessKey(), "not-the-secret");
        try (S3Client s3 = client(wrong)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s3.listObjectsV2(b -> b.bucket(store.bucket())))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                    .satisfies(e -> assertThat(((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode())
                            .isEqualTo(403));
        }
        assertThat(store.toString()).doesNotContain(store.secretKey()).contains("redacted");
    }
}
