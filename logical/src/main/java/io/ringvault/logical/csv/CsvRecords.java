package io.ringvault.logical.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Counts the rows of a CSV file the way {@link CsvImporter} reads it: records, not lines (a quoted field may hold
 * line breaks), without the header, and with each malformed record counted as the row it stands for (the importer
 * rejects it, naming its line). Streams: one record in memory at a time.
 */
public final class CsvRecords {
    private CsvRecords() {}

    /**
     * The rows in {@code in}, read to its end in the dialect of {@code csv}. The caller closes {@code in}.
     *
     * @throws IOException when {@code in} cannot be read
     */
    public static long count(Reader in, CsvOptions csv) throws IOException {
        CsvReader reader = new CsvReader(in, csv.delimiter(), csv.quote(), csv.escape());
        boolean headerPending = csv.header();
        long rows = 0;
        while (true) {
            CsvReader.Record record;
            try {
                record = reader.next();
            } catch (CsvReader.MalformedRecordException e) {
                rows++;
                continue;
            }
            if (record == null) {
                return rows;
            }
            if (headerPending) {
                headerPending = false;
            } else {
                rows++;
            }
        }
    }
}
