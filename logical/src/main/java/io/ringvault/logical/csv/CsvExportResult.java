package io.ringvault.logical.csv;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A table written as CSV.
 *
 * @param rows the rows written (the header not counted)
 * @param bytes the file's size
 */
public record CsvExportResult(String keyspace, String table, Path file, long rows, long bytes, Duration took) {}
