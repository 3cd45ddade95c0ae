package io.ringvault.coordinator.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The static API tokens the coordinator accepts. A presented token is hashed and its digest compared with every
 * configured digest in constant time, so neither the comparison nor the position of a match tells an attacker anything
 * about a token.
 */
public final class ApiTokens {
    private final List<ApiToken> tokens;

    public ApiTokens(List<ApiToken> tokens) {
        Set<String> names = new HashSet<>();
        for (ApiToken token : tokens) {
            if (!names.add(token.name())) {
                throw new IllegalArgumentException("two API tokens are named '" + token.name()
                        + "': each name is a principal in the audit trail and must be unique");
            }
        }
        this.tokens = List.copyOf(tokens);
    }

    /** The tokens of the settings: {@code tokens[N]}, then the lines of {@code tokens-file}. */
    public static ApiTokens of(AuthProperties auth) {
        List<ApiToken> all = new ArrayList<>();
        for (int i = 0; i < auth.tokens().size(); i++) {
            AuthProperties.Token token = auth.tokens().get(i);
            all.add(ApiToken.of(
                    token.name(), token.role(), token.sha256(), "ringvault.coordinator.auth.tokens[" + i + "]"));
        }
        if (auth.tokensFile() != null) {
            all.addAll(readFile(auth.tokensFile()));
        }
        return new ApiTokens(all);
    }

    /**
     * A tokens file: one token a line, {@code name:role:sha256hex}; blank lines and lines starting with {@code #} are
     * skipped. The form of a Kubernetes Secret's key mounted as a file.
     */
    static List<ApiToken> readFile(Path file) {
        List<ApiToken> tokens = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String where = "ringvault.coordinator.auth.tokens-file " + file + " line " + number;
                String[] fields = text.split(":", -1);
                if (fields.length != 3) {
                    // Never echo the line: it may hold a token pasted in place of its digest.
                    throw new IllegalArgumentException(
                            where + " must be name:role:sha256hex, with 3 fields, not " + fields.length);
                }
                tokens.add(ApiToken.of(fields[0].strip(), fields[1].strip(), fields[2].strip(), where));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "ringvault.coordinator.auth.tokens-file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return tokens;
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    public int size() {
        return tokens.size();
    }

    /** The configured token whose digest is the presented token's, if any. Every digest is compared, match or not. */
    public Optional<ApiToken> match(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        ApiToken found = null;
        for (ApiToken token : tokens) {
            // MessageDigest.isEqual takes the same time whatever bytes differ; no early return on a match either.
            if (MessageDigest.isEqual(digest, token.sha256()) && found == null) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The SHA-256 of a token's UTF-8 bytes: what the settings hold in place of the token. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
