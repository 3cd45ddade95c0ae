package io.ringvault.restorer.restore;

import io.ringvault.common.message.OperationId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The namespaces a restore stages files under on a node (the {@code operationId} of the agent's staging paths). The
 * first backed-up node a target receives uses the operation id itself, as every restore did before a node could
 * receive several; each further one gets {@code <operationId>-src-<8 hex>}, the hex from the operation id and the
 * backed-up node's host id. Two backed-up nodes commonly hold SSTables of the same name ({@code nb-1-big-Data.db}),
 * which one directory could not hold; and the agent's loader streams a directory as a whole. The ids are the same on
 * every attempt of an operation, so a resumed restore finds what an earlier attempt staged.
 */
final class StagingIds {
    private static final String MARK = "-src-";

    private StagingIds() {}

    /** The namespace of the {@code index}-th backed-up node (0-based, in plan order) that a target receives. */
    static String of(String operationId, String sourceHostId, int index) {
        if (index == 0) {
            return operationId;
        }
        String suffix = MARK + hash(operationId + "/" + sourceHostId);
        int room = OperationId.MAX_LENGTH - suffix.length();
        // The hash covers the whole operation id: cutting a long one keeps the namespaces apart.
        return (operationId.length() <= room ? operationId : operationId.substring(0, room)) + suffix;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
