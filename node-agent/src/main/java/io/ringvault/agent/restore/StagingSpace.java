package io.ringvault.agent.restore;

/**
 * Room on the staging file system, for a restorer to check before it downloads a table.
 *
 * @param stagingDirectory the operation's staging directory on the node
 * @param usableBytes what the file system still lets the agent write
 * @param stagedBytes what the operation has staged and not yet imported
 */
public record StagingSpace(String stagingDirectory, long usableBytes, long stagedBytes) {}
