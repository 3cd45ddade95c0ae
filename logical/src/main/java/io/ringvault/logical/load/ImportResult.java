package io.ringvault.logical.load;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What an import of chunks into one table did.
 *
 * @param rows rows read from the chunks
 * @param written rows whose every statement succeeded
 * @param statements statements executed (a row takes one per distinct write time and TTL of its cells, and one per
 *     run of list elements; a batch counts the statements in it)
 * @param errors rows rejected, each in {@code errorFile}
 * @param errorFile where rejected rows are kept (it exists only if a row was rejected)
 */
public record ImportResult(
        String keyspace,
        String table,
        long rows,
        long written,
        long statements,
        long errors,
        Path errorFile,
        Duration took) {}
