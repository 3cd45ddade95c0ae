package io.ringvault.agent.restore;

import io.ringvault.agent.snapshot.SnapshotScope;
import io.ringvault.common.failure.FailureReason;
import io.ringvault.common.message.OperationId;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One table of one restore operation, as named in a request. Every name is checked against the shape Cassandra and
 * ringvault give it before it touches the file system, so {@code ..}, separators and absolute paths never get that
 * far.
 *
 * @param operationId the restore operation, with the alphabet of ringvault ids
 * @param keyspace an unquoted CQL identifier
 * @param table an unquoted CQL identifier; a {@code -<tableId>} suffix in the request is dropped, since the target
 *     table has its own id
 */
public record StagedTable(String operationId, String keyspace, String table) {
    private static final Pattern KEYSPACE = Pattern.compile("[A-Za-z0-9_]{1,48}");
    /** A table name, or a table directory name {@code <table>-<32 hex>} as found in a backup. */
    private static final Pattern TABLE = Pattern.compile("([A-Za-z0-9_]{1,48})(?:-[0-9a-f]{32})?");
    /** What a file name may look like at all, before asking whether it is an SSTable component. */
    private static final Pattern PLAIN_FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,254}");
    /**
     * An SSTable component of the {@code big} or {@code bti} format: {@code <version>-<generation>-<format>-<component>}
     * with a numeric or UUID-based (Cassandra 5) generation, SAI components ({@code SAI+...}) and SASI ones
     * ({@code SI_...}).
     */
    private static final Pattern SSTABLE_COMPONENT = Pattern.compile("[a-z]{2}-[0-9a-z_]{1,64}-(?:big|bti)-(?:"
            + "Data\\.db|Index\\.db|Filter\\.db|Statistics\\.db|Summary\\.db|CompressionInfo\\.db|CRC\\.db"
            + "|Partitions\\.db|Rows\\.db|TOC\\.txt|Digest\\.(?:crc32|adler32|sha1)"
            + "|SAI\\+[A-Za-z0-9_+]{1,200}\\.db|SI_[A-Za-z0-9_]{1,200}\\.db)");

    private static final int SHOWN = 100;

    public StagedTable {
        if (!OperationId.isValid(operationId) || operationId.contains("..")) {
            throw invalid("operationId", operationId, "1-128 letters, digits, '.', '_', ':' or '-', without '..'");
        }
        if (keyspace == null || !KEYSPACE.matcher(keyspace).matches()) {
            throw invalid("keyspace", keyspace, "a keyspace name (1-48 letters, digits or '_')");
        }
        if (SnapshotScope.FORBIDDEN_KEYSPACES.contains(keyspace)) {
            throw new RestoreException(
                    FailureReason.KEYSPACE_NOT_ALLOWED,
                    "keyspace " + keyspace + " is a system keyspace; it is never restored");
        }
        Matcher name = table == null ? null : TABLE.matcher(table);
        if (name == null || !name.matches()) {
            throw invalid("table", table, "a table name (1-48 letters, digits or '_'), optionally with -<table id>");
        }
        table = name.group(1);
    }

    /** Checks an operation id alone (for requests about a whole operation). */
    public static String operationId(String operationId) {
        return new StagedTable(operationId, "k", "t").operationId();
    }

    /**
     * Checks a staged file's name: a plain name, and an SSTable component.
     *
     * @throws RestoreException {@code invalid-name} or {@code not-sstable-component}
     */
    public static String fileName(String fileName) {
        if (fileName == null || !PLAIN_FILE_NAME.matcher(fileName).matches() || fileName.contains("..")) {
            throw invalid("fileName", fileName, "a plain file name");
        }
        if (!SSTABLE_COMPONENT.matcher(fileName).matches()) {
            throw new RestoreException(
                    FailureReason.NOT_SSTABLE_COMPONENT,
                    "fileName '" + fileName + "' is not an SSTable component (<version>-<generation>-<big|bti>-"
                            + "<component>); only SSTable components are staged");
        }
        return fileName;
    }

    /** {@code keyspace.table}. */
    public String qualifiedName() {
        return keyspace + "." + table;
    }

    private static RestoreException invalid(String segment, String value, String expected) {
        String shown = value == null ? "" : value.length() > SHOWN ? value.substring(0, SHOWN) + "..." : value;
        return new RestoreException(
                FailureReason.INVALID_NAME, segment + " '" + shown + "' is not valid: expected " + expected);
    }
}
