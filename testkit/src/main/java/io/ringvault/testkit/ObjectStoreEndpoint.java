package io.ringvault.testkit;

import java.net.URI;

/**
 * How to reach the S3-compatible object store: path-style access to {@code endpoint} with static credentials.
 * {@link #toString()} leaves the secret out, so the endpoint can be logged.
 */
public record ObjectStoreEndpoint(URI endpoint, String region, String bucket, String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "ObjectStoreEndpoint[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                + accessKey + ", secretKey=(redacted)]";
    }
}
