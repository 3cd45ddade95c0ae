package io.ringvault.logical.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void shouldCountRecordsNotLinesWhenAQuotedFieldHoldsLineBreaks() throws Exception {
        String csv = "id,t\r\n1,\"two\r\nlines\"\r\n2,\"three\nshort\nlines\"\r\n3,plain\r\n";
        assertThat(CsvRecords.count(new StringReader(csv), CsvOptions.defaults()))
                .isEqualTo(3);
    }

    @Test
    void shouldCountTheFirstRecordAsARowWithoutAHeader() throws Exception {
        assertThat(CsvRecords.count(
                        new StringReader("1,a\r\n2,b\r\n"),
                        CsvOptions.defaults().withHeader(false)))
                .isEqualTo(2);
    }

    @Test
    void shouldCountAMalformedRecordAsTheRowTheImporterRejects() throws Exception {
        // Text after a closing quote is malformed; the importer rejects that row by its line, so it counts.
        String csv = "id,t\r\n1,\"a\"b\r\n2,c\r\n";
        assertThat(CsvRecords.count(new StringReader(csv), CsvOptions.defaults()))
                .isEqualTo(2);
    }

    @Test
    void shouldCountNoRowsInAFileWithOnlyAHeader() throws Exception {
        assertThat(CsvRecords.count(new StringReader("id,t\r\n"), CsvOptions.defaults()))
                .isZero();
        assertThat(CsvRecords.count(new StringReader(""), CsvOptions.defaults()))
                .isZero();
    }

    @Test
    void shouldCountTheRowsOfTheCqlshFixture() throws Exception {
        // cqlsh COPY TO's own files, with and without a header: 7 rows each.
        try (Reader in =
                Files.newBufferedReader(Path.of("src/test/resources/cqlsh/every_type.csv"), StandardCharsets.UTF_8)) {
            assertThat(CsvRecords.count(in, CsvOptions.defaults())).isEqualTo(7);
        }
        try (Reader in = Files.newBufferedReader(
                Path.of("src/test/resources/cqlsh/every_type_noheader.csv"), StandardCharsets.UTF_8)) {
            assertThat(CsvRecords.count(
                            in, CsvOptions.defaults().withHeader(false).withNullMarker("")))
                    .isEqualTo(7);
        }
    }
}
