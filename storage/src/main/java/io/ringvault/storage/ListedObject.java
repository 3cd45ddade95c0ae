package io.ringvault.storage;

import java.time.Instant;

/**
 * An object as a recursive listing ({@link ObjectStore#walk}) sees it: no checksum, but when it was last written.
 *
 * @param key its key
 * @param size its size in bytes
 * @param lastModified when it was last written (S3's {@code LastModified}; the data file's modification time on a
 *     filesystem)
 */
public record ListedObject(String key, long size, Instant lastModified) {}
