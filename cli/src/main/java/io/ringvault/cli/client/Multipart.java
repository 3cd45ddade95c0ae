package io.ringvault.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body (RFC 7578) of files, written straight from disk: its length is known before a
 * byte is sent (so the request streams with a fixed length), and no file is ever held in memory.
 */
final class Multipart {
    private final String boundary = "ringvault-" + UUID.randomUUID();
    private final List<FilePart> parts = new ArrayList<>();

    private record FilePart(byte[] head, Path file, long size) {}

    /** Adds {@code file} as the part {@code name} (a name without quotes or line breaks). */
    void file(String name, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + safe(file) + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        parts.add(new FilePart(head.getBytes(StandardCharsets.UTF_8), file, size));
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    long length() {
        long length = end().length;
        for (FilePart part : parts) {
            length += part.head().length + part.size() + 2;
        }
        return length;
    }

    void writeTo(OutputStream out) throws IOException {
        for (FilePart part : parts) {
            out.write(part.head());
            try (InputStream in = Files.newInputStream(part.file())) {
                long copied = in.transferTo(out);
                if (copied != part.size()) {
                    throw new IOException(part.file() + " changed while it was sent: " + copied + " bytes where "
                            + part.size() + " were announced");
                }
            }
            out.write(new byte[] {'\r', '\n'});
        }
        out.write(end());
    }

    private byte[] end() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The file's own name, in characters a header's quoted string carries as they are. */
    private static String safe(Path file) {
        String name = String.valueOf(file.getFileName());
        StringBuilder safe = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            safe.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        return safe.toString();
    }
}
