package io.ringvault.restorer.cluster;

/** Quoting of CQL identifiers. */
public final class CqlNames {
    private CqlNames() {}

    /** The identifier double-quoted, so its case is kept (an internal name, as in {@code system_schema}). */
    public static String quote(String internalName) {
        return "\"" + internalName.replace("\"", "\"\"") + "\"";
    }
}
