package io.ringvault.cli.render;

/** Ids shortened for display, like short git hashes; lists and {@code show} keep them whole. */
public final class Ids {
    private static final int SHORT_LENGTH = 8;

    private Ids() {}

    public static String shortId(String id) {
        if (id == null || id.isEmpty()) {
            return "-";
        }
        return id.length() <= SHORT_LENGTH ? id : id.substring(0, SHORT_LENGTH);
    }

    public static String lower(String text) {
        return text == null ? "-" : text.toLowerCase(java.util.Locale.ROOT);
    }
}
