package io.ringvault.logical.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** The chunk format's primitive encodings: unsigned LEB128 varints, zig-zag signed ones, length-prefixed bytes. */
final class Bytes {
    private Bytes() {}

    static String hex(ByteBuffer value) {
        if (value == null) {
            return "null";
        }
        ByteBuffer copy = value.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** A growable byte buffer that the writer fills with one block's rows, then empties. */
    static final class Output {
        private byte[] bytes = new byte[1024];
        private int size;

        int size() {
            return size;
        }

        byte[] array() {
            return bytes;
        }

        void reset() {
            size = 0;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeUnsignedVarLong(long value) {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            bytes[size++] = (byte) value;
        }

        void writeSignedVarLong(long value) {
            writeUnsignedVarLong((value << 1) ^ (value >> 63));
        }

        void writeBytes(ByteBuffer value) {
            ByteBuffer copy = value.duplicate();
            int length = copy.remaining();
            writeUnsignedVarLong(length);
            ensure(length);
            copy.get(bytes, size, length);
            size += length;
        }

        /** Null as 0, else the length plus one, then the bytes. */
        void writeNullableBytes(ByteBuffer value) {
            if (value == null) {
                writeUnsignedVarLong(0);
                return;
            }
            ByteBuffer copy = value.duplicate();
            int length = copy.remaining();
            writeUnsignedVarLong(length + 1L);
            ensure(length);
            copy.get(bytes, size, length);
            size += length;
        }

        void writeString(String value) {
            writeBytes(ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Thrown by {@link Input} on bytes that do not follow the format; the reader adds the file and offset. */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    /** Reads what {@link Output} wrote, checking every length against what is left. */
    static final class Input {
        private final byte[] bytes;
        private int position;
        private final int limit;

        Input(byte[] bytes, int limit) {
            this.bytes = bytes;
            this.limit = limit;
        }

        boolean hasMore() {
            return position < limit;
        }

        int position() {
            return position;
        }

        int readByte() {
            if (position >= limit) {
                throw new Malformed("unexpected end of data");
            }
            return bytes[position++] & 0xFF;
        }

        long readUnsignedVarLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new Malformed("varint longer than 10 bytes");
        }

        long readSignedVarLong() {
            long raw = readUnsignedVarLong();
            return (raw >>> 1) ^ -(raw & 1);
        }

        int readLength(long length) {
            if (length < 0 || length > limit - position) {
                throw new Malformed("length " + length + " exceeds the " + (limit - position) + " bytes left");
            }
            return (int) length;
        }

        int readCount() {
            long count = readUnsignedVarLong();
            // Every counted item takes at least one byte: a larger count cannot be honest.
            return readLength(count);
        }

        int readTtl() {
            long ttl = readUnsignedVarLong();
            if (ttl > Integer.MAX_VALUE) {
                throw new Malformed("TTL " + ttl + " out of range");
            }
            return (int) ttl;
        }

        ByteBuffer readBytes() {
            int length = readLength(readUnsignedVarLong());
            ByteBuffer value = ByteBuffer.wrap(Arrays.copyOfRange(bytes, position, position + length));
            position += length;
            return value;
        }

        ByteBuffer readNullableBytes() {
            long encoded = readUnsignedVarLong();
            if (encoded == 0) {
                return null;
            }
            int length = readLength(encoded - 1);
            ByteBuffer value = ByteBuffer.wrap(Arrays.copyOfRange(bytes, position, position + length));
            position += length;
            return value;
        }

        String readString() {
            ByteBuffer value = readBytes();
            return new String(value.array(), StandardCharsets.UTF_8);
        }
    }
}
