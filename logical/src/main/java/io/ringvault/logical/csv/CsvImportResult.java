package io.ringvault.logical.csv;

import java.nio.file.Path;
import java.time.Duration;

/**
 * CSV files loaded into a table.
 *
 * @param rows records read (the header not counted), malformed ones included
 * @param written rows Cassandra stored
 * @param errors records rejected, malformed or refused, each kept in {@code errorFile}
 * @param errorFile where rejected records are kept (it exists only if one was rejected)
 */
public record CsvImportResult(
        String keyspace, String table, long rows, long written, long errors, Path errorFile, Duration took) {}
