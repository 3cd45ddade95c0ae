package io.ringvault.agent.restore;

import io.ringvault.common.failure.FailureReason;
import java.nio.file.Path;

/**
 * Where a restore's staging lives under the staging root, and the rule that every path the agent touches stays under
 * it, whatever the names (checked already) contain.
 *
 * <pre>
 * &lt;root&gt;/&lt;operationId&gt;/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;          complete, verified files (what is imported)
 * &lt;root&gt;/&lt;operationId&gt;/.meta/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;.part   an upload in progress
 * &lt;root&gt;/&lt;operationId&gt;/.meta/&lt;keyspace&gt;/&lt;table&gt;/&lt;component&gt;.sha256 "&lt;sha256&gt; &lt;size&gt;" of a staged file
 * &lt;root&gt;/&lt;operationId&gt;/.imported/&lt;keyspace&gt;.&lt;table&gt;[.pending].json   an import started / done
 * </pre>
 *
 * Only complete components are ever in a table directory: Cassandra takes any file there that looks like a component
 * of an SSTable, so partial files and checksums live beside it. Keyspace names cannot start with a dot, so the hidden
 * directories never meet a keyspace.
 */
final class StagingLayout {
    private static final String META = ".meta";
    private static final String IMPORTED = ".imported";

    private final Path root;

    StagingLayout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** Everything the operation staged, markers included. */
    Path operation(String operationId) {
        return inside(root.resolve(StagedTable.operationId(operationId)));
    }

    /** The directory Cassandra imports: complete, verified components only. */
    Path filesDirectory(StagedTable table) {
        return inside(
                root.resolve(table.operationId()).resolve(table.keyspace()).resolve(table.table()));
    }

    /** A complete staged component of the table. */
    Path file(StagedTable table, String fileName) {
        return inside(filesDirectory(table).resolve(fileName));
    }

    /** Where the table's uploads in progress and checksum records live. */
    Path metaDirectory(StagedTable table) {
        return inside(root.resolve(table.operationId())
                .resolve(META)
                .resolve(table.keyspace())
                .resolve(table.table()));
    }

    /** The upload in progress of a component. */
    Path part(StagedTable table, String fileName) {
        return inside(metaDirectory(table).resolve(fileName + ".part"));
    }

    /** The checksum record of a staged component: {@code "<sha256> <size>"}. */
    Path checksumRecord(StagedTable table, String fileName) {
        return inside(metaDirectory(table).resolve(fileName + ".sha256"));
    }

    /** The marker of the table's import: started ({@code pending}) or done. */
    Path importMarker(StagedTable table, boolean pending) {
        return inside(root.resolve(table.operationId())
                .resolve(IMPORTED)
                .resolve(table.keyspace() + "." + table.table() + (pending ? ".pending.json" : ".json")));
    }

    /** Every path the agent touches stays under the staging root, whatever the names (checked already) contain. */
    private Path inside(Path path) {
        Path normalized = path.toAbsolutePath().normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new RestoreException(FailureReason.INVALID_NAME, "the path leads outside the staging directory");
        }
        return normalized;
    }
}
