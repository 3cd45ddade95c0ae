package io.ringvault.logical.format;

/** The role of a column in its table, which decides where its values sit in a chunk row. */
public enum ColumnKind {
    PARTITION_KEY(0),
    CLUSTERING(1),
    STATIC(2),
    REGULAR(3);

    final int code;

    ColumnKind(int code) {
        this.code = code;
    }

    static ColumnKind ofCode(int code) {
        for (ColumnKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown column kind " + code);
    }

    /** Part of the primary key: its value is in every row, with no write time of its own. */
    public boolean isPrimaryKey() {
        return this == PARTITION_KEY || this == CLUSTERING;
    }
}
