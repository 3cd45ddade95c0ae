package io.ringvault.logical.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaScriptTest {
    @Test
    void shouldSplitAtSemicolonsOutsideStringsNamesBodiesAndComments() {
        String script = """
                -- a comment; with a semicolon
                CREATE KEYSPACE "Ks" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'};

                CREATE TABLE "Ks"."My;Table" (id int PRIMARY KEY) WITH comment = 'it''s; here';
                /* block; comment */
                CREATE FUNCTION "Ks".f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$;
                """;

        assertThat(SchemaScript.parse(script))
                .containsExactly(
                        "CREATE KEYSPACE \"Ks\" WITH replication = {'class': 'SimpleStrategy', 'replication_factor': '1'}",
                        "CREATE TABLE \"Ks\".\"My;Table\" (id int PRIMARY KEY) WITH comment = 'it''s; here'",
                        "CREATE FUNCTION \"Ks\".f(x int) RETURNS NULL ON NULL INPUT RETURNS int LANGUAGE java AS $$ return x; $$");
    }

    @Test
    void shouldReadBackWhatTheExportWrote() {
        List<String> statements = List.of("CREATE TYPE ks.a (x int);", "CREATE TABLE ks.t (id int PRIMARY KEY)");

        assertThat(SchemaScript.parse(SchemaExport.script(statements)))
                .containsExactly("CREATE TYPE ks.a (x int)", "CREATE TABLE ks.t (id int PRIMARY KEY)");
    }
}
