package io.ringvault.storage;

import io.ringvault.connections.Secret;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where backups are stored ({@code ringvault.storage.*}). Every service that touches the object store binds these same
 * keys; defaults work for the local stack (a filesystem store under {@code .ringvault/objects}).
 *
 * @param type {@code filesystem} (default), {@code s3}, {@code gcs} or {@code azure}
 * @param cluster the cluster's name in object keys ({@code [prefix/]cluster/...}); default {@code ringvault-local}
 * @param prefix an optional key prefix, to share a bucket; default empty
 * @param filesystem settings of the filesystem store
 * @param s3 settings of the S3 store
 * @param gcs settings of the Google Cloud Storage store
 * @param azure settings of the Azure Blob Storage store
 * @param encryption client-side encryption of every object; off by default
 */
@Validated
@ConfigurationProperties("ringvault.storage")
public record StorageProperties(
        Type type,
        @NotBlank String cluster,
        String prefix,
        @Valid Filesystem filesystem,
        @Valid S3 s3,
        @Valid Gcs gcs,
        @Valid Azure azure,
        @Valid Encryption encryption) {

    /** The kind of store. */
    public enum Type {
        FILESYSTEM,
        S3,
        GCS,
        AZURE
    }

    // Bound through this constructor: the record has a second one.
    @ConstructorBinding
    public StorageProperties {
        type = type == null ? Type.FILESYSTEM : type;
        cluster = blankToNull(cluster) == null ? "ringvault-local" : cluster.strip();
        prefix = prefix == null ? "" : prefix.strip();
        filesystem = filesystem == null ? new Filesystem(null) : filesystem;
        s3 = s3 == null ? S3.defaults() : s3;
        gcs = gcs == null ? Gcs.defaults() : gcs;
        azure = azure == null ? Azure.defaults() : azure;
        encryption = encryption == null ? Encryption.NONE : encryption;
    }

    /** Settings without client-side encryption. */
    public StorageProperties(
            Type type, String cluster, String prefix, Filesystem filesystem, S3 s3, Gcs gcs, Azure azure) {
        this(type, cluster, prefix, filesystem, s3, gcs, azure, null);
    }

    /** The defaults: a filesystem store under {@code .ringvault/objects}. */
    public static StorageProperties defaults() {
        return new StorageProperties(null, null, null, null, null, null, null, null);
    }

    /** The same settings with client-side encryption as {@code encryption} says. */
    public StorageProperties withEncryption(Encryption encryption) {
        return new StorageProperties(type, cluster, prefix, filesystem, s3, gcs, azure, encryption);
    }

    /**
     * Client-side envelope encryption ({@code ringvault.storage.encryption.*}; docs/security.md): every object is
     * encrypted with a data key of its own, wrapped by a key encryption key from key files or a PKCS#12 keystore. Off
     * unless {@code keyFile} or {@code keystore} is set; not both.
     *
     * @param keyFile the key file new objects are encrypted under: 32 random bytes, base64; the key's id is the file's
     *     name
     * @param previousKeyFiles older key files, still used to read objects written under them (rotation)
     * @param keystore a PKCS#12 keystore of AES-256 secret keys; a key's id is its alias, every alias is used to read
     * @param keystorePassword the keystore's password (and its entries'); prints as {@code (redacted)}
     * @param keyId the keystore alias new objects are encrypted under; may be left out when the keystore holds one key
     */
    public record Encryption(
            Path keyFile, java.util.List<Path> previousKeyFiles, Path keystore, Secret keystorePassword, String keyId) {

        /** No encryption. */
        public static final Encryption NONE = new Encryption(null, null, null, null, null);

        public Encryption {
            keyFile = keyFile == null || keyFile.toString().isBlank() ? null : keyFile;
            previousKeyFiles = previousKeyFiles == null
                    ? java.util.List.of()
                    : previousKeyFiles.stream()
                            .filter(file -> file != null && !file.toString().isBlank())
                            .toList();
            keystore = keystore == null || keystore.toString().isBlank() ? null : keystore;
            keyId = blankToNull(keyId) == null ? null : keyId.strip();
            if (keyFile != null && keystore != null) {
                throw new IllegalArgumentException("ringvault.storage.encryption: set key-file or keystore, not both");
            }
            if (keyFile == null && !previousKeyFiles.isEmpty()) {
                throw new IllegalArgumentException(
                        "ringvault.storage.encryption.previous-key-files needs ringvault.storage.encryption.key-file");
            }
            if (keystore == null && (keystorePassword != null || keyId != null)) {
                throw new IllegalArgumentException("ringvault.storage.encryption.keystore-password and key-id need"
                        + " ringvault.storage.encryption.keystore");
            }
        }

        /** Whether objects are encrypted. */
        public boolean enabled() {
            return keyFile != null || keystore != null;
        }

        @Override
        public String toString() {
            return "Encryption[keyFile=" + keyFile + ", previousKeyFiles=" + previousKeyFiles + ", keystore=" + keystore
                    + ", keystorePassword=" + (keystorePassword == null ? "(none)" : keystorePassword) + ", keyId="
                    + keyId + "]";
        }
    }

    /**
     * @param root the directory that holds the objects; default {@code .ringvault/objects} (relative to the working
     *     directory)
     */
    public record Filesystem(Path root) {
        public Filesystem {
            root = root == null || root.toString().isBlank() ? Path.of(".ringvault", "objects") : root;
        }
    }

    /**
     * @param bucket the bucket; required when {@code type} is {@code s3}
     * @param endpoint an endpoint override ({@code http://127.0.0.1:9000} for an S3-compatible server); empty for AWS
     * @param region the region; default {@code us-east-1}
     * @param pathStyle path-style access ({@code endpoint/bucket/key}), which most S3-compatible servers need
     * @param accessKey static credentials, with {@code secretKey}; empty to use the SDK's default chain (environment,
     *     profile, instance or pod role)
     * @param secretKey static credentials; prints as {@code (redacted)}
     * @param storageClass the S3 storage class of new objects ({@code STANDARD_IA}, …); empty for the bucket's default
     * @param serverSideEncryption {@code AES256} or {@code aws:kms}; empty for the bucket's default
     * @param kmsKeyId the KMS key with {@code aws:kms}; empty for the account's default key
     * @param partSize objects larger than this are uploaded in parts of this size; default 16 MiB, at least 5 MiB (the
     *     S3 minimum), at most 1 GiB. Memory per upload is at most {@code (partConcurrency + 1) × partSize}
     * @param partConcurrency parts of one object uploaded in parallel; default 2
     */
    public record S3(
            String bucket,
            String endpoint,
            String region,
            Boolean pathStyle,
            String accessKey,
            Secret secretKey,
            String storageClass,
            String serverSideEncryption,
            String kmsKeyId,
            DataSize partSize,
            @Min(1) Integer partConcurrency) {

        public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);
        public static final DataSize MAX_PART_SIZE = DataSize.ofGigabytes(1);

        public S3 {
            bucket = blankToNull(bucket);
            endpoint = blankToNull(endpoint);
            region = blankToNull(region) == null ? "us-east-1" : region.strip();
            // Boxed, so that an empty value (an unset variable) binds as "not set" rather than failing.
            pathStyle = pathStyle != null && pathStyle;
            accessKey = blankToNull(accessKey);
            storageClass = blankToNull(storageClass) == null
                    ? null
                    : storageClass.strip().toUpperCase(Locale.ROOT);
            serverSideEncryption = blankToNull(serverSideEncryption);
            kmsKeyId = blankToNull(kmsKeyId);
            partSize = partSize == null ? DataSize.ofMegabytes(16) : partSize;
            partConcurrency = partConcurrency == null ? 2 : partConcurrency;
            if (partSize.compareTo(MIN_PART_SIZE) < 0 || partSize.compareTo(MAX_PART_SIZE) > 0) {
                throw new IllegalArgumentException("ringvault.storage.s3.part-size must be between 5MB and 1GB, not "
                        + partSize.toBytes() + " bytes");
            }
            if (partConcurrency < 1) {
                throw new IllegalArgumentException(
                        "ringvault.storage.s3.part-concurrency must be at least 1, not " + partConcurrency);
            }
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException(
                        "ringvault.storage.s3.access-key and secret-key go together: set both or neither");
            }
            if (serverSideEncryption != null
                    && !serverSideEncryption.equals("AES256")
                    && !serverSideEncryption.equals("aws:kms")) {
                throw new IllegalArgumentException(
                        "ringvault.storage.s3.server-side-encryption must be AES256 or aws:kms, not '"
                                + serverSideEncryption + "'");
            }
            if (kmsKeyId != null && !"aws:kms".equals(serverSideEncryption)) {
                throw new IllegalArgumentException(
                        "ringvault.storage.s3.kms-key-id needs ringvault.storage.s3.server-side-encryption=aws:kms");
            }
        }

        static S3 defaults() {
            return new S3(null, null, null, false, null, null, null, null, null, null, null);
        }

        /** The same settings with other static credentials (tests, credential rotation). */
        public S3 withCredentials(String accessKey, String secretKey) {
            return new S3(
                    bucket,
                    endpoint,
                    region,
                    pathStyle,
                    accessKey,
                    Secret.ofNullable(secretKey),
                    storageClass,
                    serverSideEncryption,
                    kmsKeyId,
                    partSize,
                    partConcurrency);
        }

        /** The same settings with another part size and concurrency. */
        public S3 withParts(DataSize partSize, int partConcurrency) {
            return new S3(
                    bucket,
                    endpoint,
                    region,
                    pathStyle,
                    accessKey,
                    secretKey,
                    storageClass,
                    serverSideEncryption,
                    kmsKeyId,
                    partSize,
                    partConcurrency);
        }

        @Override
        public String toString() {
            return "S3[bucket=" + bucket + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                    + ", accessKey=" + accessKey + ", secretKey=" + (secretKey == null ? "(none)" : secretKey)
                    + ", storageClass=" + storageClass + ", serverSideEncryption=" + serverSideEncryption
                    + ", kmsKeyId=" + kmsKeyId + ", partSize=" + partSize + ", partConcurrency=" + partConcurrency
                    + "]";
        }
    }

    /**
     * @param bucket the bucket; required when {@code type} is {@code gcs}
     * @param endpoint an endpoint override ({@code http://127.0.0.1:4443} for fake-gcs-server); empty for Google Cloud.
     *     With an endpoint and no {@code credentialsFile}, requests carry no credentials (an emulator wants none)
     * @param projectId the project; empty to take the credentials' (only creating buckets needs one)
     * @param credentialsFile a service-account key (JSON); empty for Application Default Credentials, which cover
     *     workload identity on GKE, the metadata server on GCE and {@code GOOGLE_APPLICATION_CREDENTIALS}
     * @param storageClass the storage class of new objects ({@code STANDARD}, {@code NEARLINE}, {@code COLDLINE},
     *     {@code ARCHIVE}); empty for the bucket's default
     * @param chunkSize objects up to this size are sent in one request; larger ones in a resumable upload of chunks of
     *     this size, the memory one upload takes. Default 16 MiB; a multiple of 256 KiB (GCS's rule), at most 1 GiB
     */
    public record Gcs(
            String bucket,
            String endpoint,
            String projectId,
            Path credentialsFile,
            String storageClass,
            DataSize chunkSize) {

        /** GCS takes resumable-upload chunks in multiples of this. */
        public static final DataSize CHUNK_GRANULE = DataSize.ofKilobytes(256);

        public static final DataSize MAX_CHUNK_SIZE = DataSize.ofGigabytes(1);
        static final java.util.Set<String> STORAGE_CLASSES =
                java.util.Set.of("STANDARD", "NEARLINE", "COLDLINE", "ARCHIVE");

        public Gcs {
            bucket = blankToNull(bucket);
            endpoint = blankToNull(endpoint) == null ? null : endpoint.strip();
            projectId = blankToNull(projectId);
            credentialsFile =
                    credentialsFile == null || credentialsFile.toString().isBlank() ? null : credentialsFile;
            storageClass = blankToNull(storageClass) == null
                    ? null
                    : storageClass.strip().toUpperCase(Locale.ROOT);
            chunkSize = chunkSize == null ? DataSize.ofMegabytes(16) : chunkSize;
            if (chunkSize.toBytes() < CHUNK_GRANULE.toBytes()
                    || chunkSize.toBytes() % CHUNK_GRANULE.toBytes() != 0
                    || chunkSize.compareTo(MAX_CHUNK_SIZE) > 0) {
                throw new IllegalArgumentException(
                        "ringvault.storage.gcs.chunk-size must be a multiple of 256KB, at most 1GB, not "
                                + chunkSize.toBytes() + " bytes");
            }
            if (storageClass != null && !STORAGE_CLASSES.contains(storageClass)) {
                throw new IllegalArgumentException(
                        "ringvault.storage.gcs.storage-class must be STANDARD, NEARLINE, COLDLINE or ARCHIVE, not '"
                                + storageClass + "'");
            }
            if (endpoint != null && !endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw new IllegalArgumentException(
                        "ringvault.storage.gcs.endpoint must be an http:// or https:// URL, not '" + endpoint + "'");
            }
        }

        static Gcs defaults() {
            return new Gcs(null, null, null, null, null, null);
        }
    }

    /**
     * Azure Blob Storage. Credentials: at most one of {@code connectionString}, {@code sasToken} and
     * {@code accountKey}; none of them means {@code DefaultAzureCredential} (managed identity, workload identity, the
     * Azure CLI's login…).
     *
     * @param container the container; required when {@code type} is {@code azure}
     * @param endpoint the account's blob endpoint ({@code https://ACCOUNT.blob.core.windows.net}, or an emulator's
     *     {@code http://127.0.0.1:10000/devstoreaccount1}); default from {@code accountName}; not needed with a
     *     connection string
     * @param connectionString a storage connection string; prints as {@code (redacted)}
     * @param sasToken a SAS token for the account or the container; prints as {@code (redacted)}
     * @param accountName the account, for the default endpoint and with {@code accountKey}
     * @param accountKey the account's shared key, with {@code accountName}; prints as {@code (redacted)}
     * @param accessTier the access tier of new blobs: {@code Hot}, {@code Cool} or {@code Cold}; empty for the
     *     account's default. ({@code Archive} is refused: an archived blob cannot be read until it is rehydrated.)
     * @param blockSize objects larger than this are uploaded as blocks of this size; default 8 MiB, between 1 MiB and
     *     1 GiB. Memory per upload is at most {@code concurrency × blockSize}; an object has at most 50,000 blocks
     * @param concurrency blocks of one object uploaded in parallel; default 2
     */
    public record Azure(
            String container,
            String endpoint,
            Secret connectionString,
            Secret sasToken,
            String accountName,
            Secret accountKey,
            String accessTier,
            DataSize blockSize,
            @Min(1) Integer concurrency) {

        public static final DataSize MIN_BLOCK_SIZE = DataSize.ofMegabytes(1);
        public static final DataSize MAX_BLOCK_SIZE = DataSize.ofGigabytes(1);
        private static final java.util.List<String> TIERS = java.util.List.of("Hot", "Cool", "Cold");

        public Azure {
            container = blankToNull(container) == null ? null : container.strip();
            endpoint = blankToNull(endpoint) == null ? null : endpoint.strip();
            accountName = blankToNull(accountName) == null ? null : accountName.strip();
            accessTier = tier(accessTier);
            blockSize = blockSize == null ? DataSize.ofMegabytes(8) : blockSize;
            concurrency = concurrency == null ? 2 : concurrency;
            if (blockSize.compareTo(MIN_BLOCK_SIZE) < 0 || blockSize.compareTo(MAX_BLOCK_SIZE) > 0) {
                throw new IllegalArgumentException(
                        "ringvault.storage.azure.block-size must be between 1MB and 1GB, not " + blockSize.toBytes()
                                + " bytes");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException(
                        "ringvault.storage.azure.concurrency must be at least 1, not " + concurrency);
            }
            int credentials =
                    (connectionString == null ? 0 : 1) + (sasToken == null ? 0 : 1) + (accountKey == null ? 0 : 1);
            if (credentials > 1) {
                throw new IllegalArgumentException("ringvault.storage.azure: set at most one of connection-string,"
                        + " sas-token and account-key (none for DefaultAzureCredential)");
            }
            if (accountKey != null && accountName == null) {
                throw new IllegalArgumentException(
                        "ringvault.storage.azure.account-key needs ringvault.storage.azure.account-name");
            }
            if (endpoint != null && !endpoint.startsWith("https://") && !endpoint.startsWith("http://")) {
                throw new IllegalArgumentException(
                        "ringvault.storage.azure.endpoint must be an http(s) URL, not '" + endpoint + "'");
            }
            if (endpoint != null && endpoint.contains("?")) {
                // A SAS pasted into the URL would be printed wherever the endpoint is.
                throw new IllegalArgumentException(
                        "ringvault.storage.azure.endpoint must not carry a query: put a SAS token in sas-token");
            }
        }

        static Azure defaults() {
            return new Azure(null, null, null, null, null, null, null, null, null);
        }

        /** The blob endpoint: the one set, else the public cloud's for the account; null with neither. */
        public String accountUrl() {
            if (endpoint != null) {
                return endpoint;
            }
            return accountName == null ? null : "https://" + accountName + ".blob.core.windows.net";
        }

        /** The same settings with a shared key (tests, key rotation). */
        public Azure withAccountKey(String accountName, String accountKey) {
            return new Azure(
                    container,
                    endpoint,
                    null,
                    null,
                    accountName,
                    Secret.ofNullable(accountKey),
                    accessTier,
                    blockSize,
                    concurrency);
        }

        /** The same settings with another access tier. */
        public Azure withAccessTier(String accessTier) {
            return new Azure(
                    container,
                    endpoint,
                    connectionString,
                    sasToken,
                    accountName,
                    accountKey,
                    accessTier,
                    blockSize,
                    concurrency);
        }

        private static String tier(String value) {
            if (blankToNull(value) == null) {
                return null;
            }
            for (String tier : TIERS) {
                if (tier.equalsIgnoreCase(value.strip())) {
                    return tier;
                }
            }
            throw new IllegalArgumentException(
                    "ringvault.storage.azure.access-tier must be one of " + TIERS + ", not '" + value.strip() + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
