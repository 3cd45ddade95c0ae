package io.ringvault.agent.restore;

/**
 * The outcome of one upload.
 *
 * @param file the staged file
 * @param alreadyStaged true when the same file (same size and SHA-256) was staged before and nothing was written
 */
public record StageResult(StagedFile file, boolean alreadyStaged) {}
