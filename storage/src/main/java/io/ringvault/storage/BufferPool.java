package io.ringvault.storage;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * At most {@code capacity} buffers of {@code size} bytes, allocated on first use and reused: what bounds the memory of
 * a store's parallel part or block uploads. Large arrays allocated anew for every part fragment a small heap until it
 * runs out. Public for the stores in sub-packages; not a contract of its own.
 */
public final class BufferPool {
    private final BlockingQueue<byte[]> free;
    private final int capacity;
    private final int size;
    private int allocated;

    public BufferPool(int capacity, int size) {
        this.free = new ArrayBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.size = size;
    }

    /** A free buffer, a new one while fewer than {@code capacity} exist, else the next one given back. */
    public byte[] take() throws InterruptedException {
        byte[] buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        synchronized (this) {
            if (allocated < capacity) {
                allocated++;
                return new byte[size];
            }
        }
        return free.take();
    }

    public void give(byte[] buffer) {
        free.offer(buffer);
    }
}
