package io.ringvault.storage;

/**
 * An object in the store.
 *
 * @param key its key
 * @param size its size in bytes
 * @param checksum {@code sha256:<hex>} of its bytes, or null for an object ringvault did not write (or whose write
 *     did not finish recording the checksum)
 */
public record StoredObject(String key, long size, String checksum) {}
