package io.ringvault.agent.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupsDirectoriesTest {
    @TempDir
    Path data;

    private void backupsFile(String keyspace, String tableDirectory, String name) throws Exception {
        Path backups = Files.createDirectories(
                data.resolve(keyspace).resolve(tableDirectory).resolve("backups"));
        Files.writeString(backups.resolve(name), "sstable");
    }

    @Test
    void shouldMeasureTheKeyspacesItCanBackUpAndLeaveCassandrasOwnOut() throws Exception {
        backupsFile("shop", "orders-0123456789abcdef0123456789abcdef", "nb-1-big-Data.db");
        backupsFile("system_auth", "roles-0123456789abcdef0123456789abcdef", "nb-2-big-Data.db");
        backupsFile("system", "local-0123456789abcdef0123456789abcdef", "nb-3-big-Data.db");
        backupsFile("system_schema", "tables-0123456789abcdef0123456789abcdef", "nb-4-big-Data.db");
        Files.createDirectories(
                data.resolve("shop").resolve("not-a-table-directory").resolve("backups"));

        List<String> seen = new ArrayList<>();
        new BackupsDirectories(List.of(data)).forEach(file -> seen.add(file.keyspace() + "." + file.table()));

        assertThat(seen).containsExactlyInAnyOrder("shop.orders", "system_auth.roles");
    }
}
