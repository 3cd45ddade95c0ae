package io.ringvault.agent.restore;

/**
 * A file completely staged and verified: written, its SHA-256 equal to the one the restorer announced.
 *
 * @param fileName the SSTable component's name, as backed up
 * @param size its size in bytes
 * @param sha256 its SHA-256, lowercase hex
 */
public record StagedFile(String fileName, long size, String sha256) {}
