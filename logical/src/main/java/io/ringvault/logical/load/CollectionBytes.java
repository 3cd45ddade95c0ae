package io.ringvault.logical.load;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the native protocol's serialized collections and UDTs into their elements, and joins elements back, without
 * decoding them: a list or set is {@code [int n]} then n {@code [int length][bytes]}; a map is {@code [int n]} then n
 * key/value pairs of those; a UDT is one {@code [int length][bytes]} per field, length -1 for a null field, possibly
 * fewer than its fields.
 */
final class CollectionBytes {
    private CollectionBytes() {}

    /** The elements of a list or set (each with its length prefix), or of a map (each a key and value pair). */
    static List<ByteBuffer> elements(ByteBuffer collection, boolean map) {
        ByteBuffer in = collection.duplicate();
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) {
            throw new IllegalArgumentException("collection count " + count + " out of range");
        }
        List<ByteBuffer> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = in.position();
            skipValue(in);
            if (map) {
                skipValue(in);
            }
            elements.add(slice(in, start, in.position()));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes after the last element");
        }
        return elements;
    }

    /** A collection of {@code elements} (as {@link #elements} returns them). */
    static ByteBuffer collection(List<ByteBuffer> elements) {
        int size = 4;
        for (ByteBuffer element : elements) {
            size += element.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putInt(elements.size());
        for (ByteBuffer element : elements) {
            out.put(element.duplicate());
        }
        return out.flip();
    }

    /** The values of a UDT's fields, in field order (null for a null field), as many as the value holds. */
    static List<ByteBuffer> fields(ByteBuffer udt) {
        ByteBuffer in = udt.duplicate();
        List<ByteBuffer> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            if (length < 0) {
                fields.add(null);
                continue;
            }
            if (length > in.remaining()) {
                throw new IllegalArgumentException("field length " + length + " exceeds the value");
            }
            fields.add(slice(in, in.position(), in.position() + length));
            in.position(in.position() + length);
        }
        return fields;
    }

    private static void skipValue(ByteBuffer in) {
        int length = in.getInt();
        if (length > in.remaining()) {
            throw new IllegalArgumentException("element length " + length + " exceeds the value");
        }
        if (length > 0) {
            in.position(in.position() + length);
        }
    }

    private static ByteBuffer slice(ByteBuffer in, int start, int end) {
        ByteBuffer copy = in.duplicate();
        copy.position(start).limit(end);
        return copy.slice();
    }
}
