package io.ringvault.coordinator.security;

import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * One static API token, as configured: its name (who it stands for in the audit trail), its role, and the SHA-256 of
 * the token. The token itself is never configured, kept or printed.
 *
 * @param name the principal the token authenticates, recorded as {@code requestedBy}
 * @param role what the token may do
 * @param sha256 the 32-byte SHA-256 of the token's UTF-8 bytes
 */
public record ApiToken(String name, Role role, byte[] sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    public ApiToken {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an API token's name must be 1 to 100 letters, digits, '.', '_', '@' or"
                    + " '-', starting with a letter or digit, not '" + name + "'");
        }
        if (role == null) {
            throw new IllegalArgumentException("API token '" + name + "' needs a role: viewer, operator or admin");
        }
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("API token '" + name + "' needs the 32-byte SHA-256 of the token");
        }
        sha256 = sha256.clone();
    }

    /**
     * @param setting where the values come from, named in an error
     * @throws IllegalArgumentException naming the setting and what is wrong
     */
    public static ApiToken of(String name, String role, String sha256Hex, String setting) {
        if (sha256Hex == null || !HEX_DIGEST.matcher(sha256Hex.strip()).matches()) {
            // The value may be a token pasted by mistake: never echo it.
            throw new IllegalArgumentException(setting + ": the sha256 of API token '" + name
                    + "' must be 64 hex digits (sha256sum of the token), not a value of "
                    + (sha256Hex == null ? 0 : sha256Hex.strip().length()) + " characters");
        }
        return new ApiToken(
                name,
                Role.parse(role, setting + " role of API token '" + name + "'"),
                HexFormat.of().parseHex(sha256Hex.strip().toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiToken token
                && token.name.equals(name)
                && token.role == role
                && java.util.Arrays.equals(token.sha256, sha256);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", role=" + role.code() + ", sha256=(redacted)]";
    }
}
