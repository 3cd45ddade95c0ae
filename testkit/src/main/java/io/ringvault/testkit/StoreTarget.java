package io.ringvault.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The object store the services of a stack write to, as the {@code ringvault.storage.*} properties that point them at
 * it: a directory, s3proxy, fake-gcs-server or Azurite.
 *
 * @param kind which backend the services use
 * @param properties the {@code ringvault.storage.*} settings of that backend (not the cluster or the prefix)
 */
public record StoreTarget(Kind kind, Map<String, String> properties) {

    /** The stores the testkit can point the services at. */
    public enum Kind {
        FILESYSTEM,
        S3,
        GCS,
        AZURE;

        /** {@code filesystem}, {@code s3}, {@code gcs} or {@code azure}, in any case. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "store type must be filesystem, s3, gcs or azure, not '" + name + "'", e);
            }
        }

        /** The value of {@code ringvault.storage.type}. */
        public String propertyValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public StoreTarget {
        properties = Map.copyOf(properties);
    }

    /** A filesystem store in {@code root}. */
    public static StoreTarget filesystem(Path root) {
        return new StoreTarget(Kind.FILESYSTEM, Map.of("ringvault.storage.filesystem.root", root.toString()));
    }

    /** s3proxy (or another S3-compatible server) through the S3 backend, path-style. */
    public static StoreTarget s3(ObjectStoreEndpoint endpoint) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ringvault.storage.s3.bucket", endpoint.bucket());
        properties.put("ringvault.storage.s3.endpoint", endpoint.endpoint().toString());
        properties.put("ringvault.storage.s3.region", endpoint.region());
        properties.put("ringvault.storage.s3.path-style", "true");
        properties.put("ringvault.storage.s3.access-key", endpoint.accessKey());
        properties.put("ringvault.storage.s3.secret-key", endpoint.secretKey());
        return new StoreTarget(Kind.S3, properties);
    }

    /** A bucket of fake-gcs-server, which wants no credentials. */
    public static StoreTarget gcs(URI endpoint, String bucket) {
        return new StoreTarget(
                Kind.GCS,
                Map.of(
                        "ringvault.storage.gcs.bucket",
                        bucket,
                        "ringvault.storage.gcs.endpoint",
                        endpoint.toString(),
                        "ringvault.storage.gcs.project-id",
                        "ringvault-local"));
    }

    /** A container of Azurite's development account, with its published key (the container must exist). */
    public static StoreTarget azure(URI blobEndpoint, String container) {
        return new StoreTarget(
                Kind.AZURE,
                Map.of(
                        "ringvault.storage.azure.container",
                        container,
                        "ringvault.storage.azure.endpoint",
                        blobEndpoint.toString(),
                        "ringvault.storage.azure.account-name",
                        Azurite.ACCOUNT,
                        "ringvault.storage.azure.account-key",
                        Azurite.ACCOUNT_KEY));
    }

    /** Every property the services need for this store, {@code ringvault.storage.type} included. */
    public Map<String, String> serviceProperties() {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.put("ringvault.storage.type", kind.propertyValue());
        return all;
    }

    /** One setting of the backend, by its key under {@code ringvault.storage.<kind>.}; null when not set. */
    public String setting(String name) {
        return properties.get("ringvault.storage." + kind.propertyValue() + "." + name);
    }

    /** Keys and secrets print as {@code (redacted)}, even the emulators' well-known ones. */
    @Override
    public String toString() {
        return "StoreTarget[" + kind.propertyValue() + ", "
                + properties.entrySet().stream()
                        .map(entry -> entry.getKey() + "=" + (secret(entry.getKey()) ? "(redacted)" : entry.getValue()))
                        .sorted()
                        .collect(Collectors.joining(", "))
                + "]";
    }

    private static boolean secret(String key) {
        return key.endsWith("-key") && !key.endsWith("access-key")
                || key.endsWith("connection-string")
                || key.endsWith("sas-token");
    }
}
