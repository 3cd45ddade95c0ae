package io.ringvault.connections;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A password, token or key from the configuration, which never shows itself: {@link #toString()} prints
 * {@value #MASK} whatever the value, so a settings record that holds one can be logged as it is (a record's generated
 * {@code toString()} prints every field), and JSON gets the same mask. Read the value with {@link #value()}, only where
 * it is used (a login, a header, a client's credentials).
 *
 * <p>Bound from configuration by {@link SecretConverter}: an empty value means "no secret" ({@code null}), so a secret
 * is never blank.
 */
public final class Secret {
    /** What every secret prints. */
    public static final String MASK = "(redacted)";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @throws IllegalArgumentException when {@code value} is null or blank: an unset secret is {@code null}, not an
     *     empty one
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a secret is never empty: leave it unset instead");
        }
        return new Secret(value);
    }

    /** {@code value} as a secret, or {@code null} when it is null or blank (an unset variable). */
    public static Secret ofNullable(String value) {
        return value == null || value.isBlank() ? null : new Secret(value);
    }

    /** The value of {@code secret}, or {@code null} when there is none: for clients that take a plain string. */
    public static String valueOf(Secret secret) {
        return secret == null ? null : secret.value;
    }

    /** The secret itself. Never log it. */
    public String value() {
        return value;
    }

    /** How many characters the secret has, for rules such as a minimum length, without exposing it. */
    public int length() {
        return value.length();
    }

    /** Compared in constant time, so that the time taken says nothing about the value. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret
                && MessageDigest.isEqual(
                        value.getBytes(StandardCharsets.UTF_8), secret.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @JsonValue
    @Override
    public String toString() {
        return MASK;
    }
}
