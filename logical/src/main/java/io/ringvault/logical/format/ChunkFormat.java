package io.ringvault.logical.format;

import java.nio.charset.StandardCharsets;

/** The constants of the native chunk format, version 1 ({@code docs/logical-format.md}). */
public final class ChunkFormat {
    /** The first four bytes of every chunk file. */
    static final byte[] MAGIC = "RVLG".getBytes(StandardCharsets.US_ASCII);

    /** The version this code writes, and the only one it reads. */
    public static final int VERSION = 1;

    static final int COMPRESSION_ZSTD = 1;

    /** Where the file name ends: {@code r00012-0003.rvlg}. */
    public static final String EXTENSION = ".rvlg";

    /**
     * The largest block a reader accepts (uncompressed, and compressed): a writer closes a block past its target size
     * (256 KiB by default) so only a single huge row makes one larger; a corrupt length must not make a reader
     * allocate gigabytes.
     */
    static final int MAX_BLOCK_BYTES = 256 << 20;

    static final int ROW_HAS_STATICS = 1;
    static final int ROW_STATIC_ONLY = 2;

    private ChunkFormat() {}
}
