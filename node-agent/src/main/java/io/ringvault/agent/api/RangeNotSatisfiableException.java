package io.ringvault.agent.api;

/** A {@code Range} the snapshot file endpoint does not serve: answered 416 with the file's size in Content-Range. */
class RangeNotSatisfiableException extends RuntimeException {
    private final long size;

    RangeNotSatisfiableException(long size, String detail) {
        super(detail);
        this.size = size;
    }

    long size() {
        return size;
    }
}
