package io.ringvault.agent.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringvault.common.failure.FailureReason;
import org.junit.jupiter.api.Test;

class StagedTableTest {
    @Test
    void shouldAcceptPlainNamesAndDropTheTableIdSuffix() {
        StagedTable plain = new StagedTable("restore-2026-11-01T10:00:00Z_1", "shop", "orders");
        StagedTable withId = new StagedTable("op1", "shop", "orders-0123456789abcdef0123456789abcdef");

        assertThat(plain.table()).isEqualTo("orders");
        assertThat(withId.table()).isEqualTo("orders");
        assertThat(withId.qualifiedName()).isEqualTo("shop.orders");
    }

    @Test
    void shouldRefuseSegmentsThatAreNotPlainNames() {
        String[][] bad = {
            {"..", "shop", "orders"},
            {"op/1", "shop", "orders"},
            {"a..b", "shop", "orders"},
            {".hidden", "shop", "orders"},
            {"", "shop", "orders"},
            {"op1", "..", "orders"},
            {"op1", ".meta", "orders"},
            {"op1", "sh/op", "orders"},
            {"op1", "shop", "../orders"},
            {"op1", "shop", "orders-xyz"},
            {"op1", "shop", "/etc"},
            {"op1", "shop", "orders\\x"},
            {"op1", "k".repeat(49), "orders"},
            {"op1", "shop", null}
        };
        for (String[] names : bad) {
            assertThatThrownBy(() -> new StagedTable(names[0], names[1], names[2]))
                    .as(String.join(",", String.valueOf(names[0]), names[1], String.valueOf(names[2])))
                    .isInstanceOfSatisfying(
                            RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_NAME));
        }
    }

    @Test
    void shouldNameTheBadSegment() {
        assertThatThrownBy(() -> new StagedTable("op1", "shop", "or..ders")).hasMessageContaining("table 'or..ders'");
        assertThatThrownBy(() -> StagedTable.fileName("../nb-1-big-Data.db")).hasMessageContaining("fileName");
    }

    @Test
    void shouldRefuseSystemKeyspaces() {
        assertThatThrownBy(() -> new StagedTable("op1", "system_schema", "tables"))
                .isInstanceOfSatisfying(
                        RestoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.KEYSPACE_NOT_ALLOWED));
        assertThat(new StagedTable("op1", "system_auth", "roles").keyspace()).isEqualTo("system_auth");
    }

    @Test
    void shouldAcceptSSTableComponentsOfEveryFormatAndGeneration() {
        String[] components = {
            "nb-3-big-Data.db",
            "nb-3-big-Index.db",
            "nb-3-big-Filter.db",
            "nb-3-big-Statistics.db",
            "nb-3-big-Summary.db",
            "nb-3-big-CompressionInfo.db",
            "nb-3-big-Digest.crc32",
            "nb-3-big-TOC.txt",
            "nb-3-big-CRC.db",
            "oa-12-big-Data.db",
            "da-3gkd_0x1a_2p5zk2bm0qbh5y2ks9-bti-Data.db",
            "da-3gkd_0x1a_2p5zk2bm0qbh5y2ks9-bti-Partitions.db",
            "da-3gkd_0x1a_2p5zk2bm0qbh5y2ks9-bti-Rows.db",
            "da-3gkd_0x1a_2p5zk2bm0qbh5y2ks9-bti-SAI+aa+GroupComplete.db",
            "da-3gkd_0x1a_2p5zk2bm0qbh5y2ks9-bti-SAI+aa+orders_by_city+TermsData.db"
        };
        for (String component : components) {
            assertThat(StagedTable.fileName(component)).isEqualTo(component);
        }
    }

    @Test
    void shouldRefuseFilesThatAreNotSSTableComponents() {
        for (String name : new String[] {"manifest.json", "schema.cql", "nb-3-big-Data.db.part", "nb-3-big-Foo.db"}) {
            assertThatThrownBy(() -> StagedTable.fileName(name))
                    .as(name)
                    .isInstanceOfSatisfying(
                            RestoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.NOT_SSTABLE_COMPONENT));
        }
        for (String name : new String[] {"..", "a/b", "nb-3..-big-Data.db", "/etc/passwd", "", ".nb-3-big-Data.db"}) {
            assertThatThrownBy(() -> StagedTable.fileName(name))
                    .as(name)
                    .isInstanceOfSatisfying(
                            RestoreException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_NAME));
        }
    }
}
