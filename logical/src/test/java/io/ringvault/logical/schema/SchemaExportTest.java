package io.ringvault.logical.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaExportTest {
    private static final String VIEW = """
            CREATE MATERIALIZED VIEW shop.orders_by_total AS
            SELECT
              customer,
              total
            FROM shop.orders
            WHERE total IS NOT NULL AND customer IS NOT NULL
            PRIMARY KEY (total, customer)
                WITH bloom_filter_fp_chance = 0.01
                AND comment = 'WITH in a comment';""";

    @Test
    void shouldWriteTheViewsClusteringOrderFirstAmongItsOptions() {
        assertThat(SchemaExport.withClusteringOrder(VIEW, "CLUSTERING ORDER BY (customer DESC)"))
                .endsWith("""
                        PRIMARY KEY (total, customer)
                            WITH CLUSTERING ORDER BY (customer DESC)
                            AND bloom_filter_fp_chance = 0.01
                            AND comment = 'WITH in a comment';""");
    }

    @Test
    void shouldAddAWithClauseToAViewWithoutOptions() {
        String bare = "CREATE MATERIALIZED VIEW ks.v AS SELECT * FROM ks.t WHERE a IS NOT NULL AND b IS NOT NULL"
                + " PRIMARY KEY (b, a);";

        assertThat(SchemaExport.withClusteringOrder(bare, "CLUSTERING ORDER BY (a DESC)"))
                .isEqualTo("CREATE MATERIALIZED VIEW ks.v AS SELECT * FROM ks.t WHERE a IS NOT NULL AND b IS NOT NULL"
                        + " PRIMARY KEY (b, a)\n    WITH CLUSTERING ORDER BY (a DESC);");
    }
}
