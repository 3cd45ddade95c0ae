package io.ringvault.agent.restore;

import java.time.Duration;

/**
 * What a bulk load reported at its end.
 *
 * @param filesTransferred the files the loader says it streamed (its summary's "Total files transferred"), or -1 when
 *     it printed no summary
 * @param bytesTransferred the amount it says it streamed, as it printed it (for example {@code 1.953MiB}); null when
 *     it printed no summary
 * @param elapsed how long the loader ran
 */
public record BulkLoadResult(long filesTransferred, String bytesTransferred, Duration elapsed) {}
