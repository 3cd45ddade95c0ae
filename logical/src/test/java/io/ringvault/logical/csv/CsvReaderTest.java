package io.ringvault.logical.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<CsvReader.Record> readAll(String text) throws Exception {
        List<CsvReader.Record> records = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text), ',', '"', '\\')) {
            CsvReader.Record record;
            while ((record = reader.next()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    @Test
    void shouldSplitFieldsAndKeepQuotedCommasEscapedQuotesAndNewlines() throws Exception {
        List<CsvReader.Record> records = readAll(
                "1,plain,,x\r\n2,\"a, b\",\"say \\\"hi\\\"\",\"two\nlines\"\r\n3,\"doubled \"\"q\"\"\",c:\\\\dir,end");
        assertThat(records).hasSize(3);
        assertThat(records.get(0).fields()).containsExactly("1", "plain", "", "x");
        assertThat(records.get(1).fields()).containsExactly("2", "a, b", "say \"hi\"", "two\nlines");
        assertThat(records.get(2).fields()).containsExactly("3", "doubled \"q\"", "c:\\dir", "end");
        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 4L);
    }

    @Test
    void shouldReportAnUnclosedQuoteWithItsLine() throws Exception {
        try (CsvReader reader = new CsvReader(new StringReader("1,a\n2,\"never closed\n3,c\n"), ',', '"', '\\')) {
            assertThat(reader.next().fields()).containsExactly("1", "a");
            assertThatThrownBy(reader::next)
                    .isInstanceOf(CsvReader.MalformedRecordException.class)
                    .hasMessageContaining("not closed")
                    .satisfies(e -> assertThat(((CsvReader.MalformedRecordException) e).line())
                            .isEqualTo(2));
        }
    }

    @Test
    void shouldRejectTextAfterAClosingQuoteAndGoOnWithTheNextLine() throws Exception {
        try (CsvReader reader = new CsvReader(new StringReader("\"a\"b,c\n1,2\n"), ',', '"', '\\')) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(CsvReader.MalformedRecordException.class)
                    .hasMessageContaining("after the closing quote");
            assertThat(reader.next().fields()).containsExactly("1", "2");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void shouldReadBackWhatTheWriterWrites() throws Exception {
        List<String> fields = List.of("", "a,b", "q\"uote", "back\\slash", "line\r\nbreak", "<null>", "  spaced ");
        StringWriter out = new StringWriter();
        new CsvWriter(out, CsvOptions.defaults()).write(fields);
        assertThat(out.toString()).endsWith("\r\n");
        assertThat(readAll(out.toString()))
                .singleElement()
                .extracting(CsvReader.Record::fields)
                .isEqualTo(fields);
    }

    @Test
    void shouldWriteAsPythonsCsvModuleDoesForCqlsh() throws Exception {
        StringWriter out = new StringWriter();
        new CsvWriter(out, CsvOptions.defaults()).write(List.of("2", "quotes, commas", "a,b\"c", "x\"y", "c:\\dir"));
        // As cqlsh 6.2.2 wrote it in every_type.csv: quotes only for a delimiter or a line break.
        assertThat(out.toString()).isEqualTo("2,\"quotes, commas\",\"a,b\\\"c\",x\\\"y,c:\\\\dir\r\n");
    }
}
