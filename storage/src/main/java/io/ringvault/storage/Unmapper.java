package io.ringvault.storage;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmaps a mapped buffer now rather than when the garbage collector finds it: the pages of a mapping count in the
 * process's RSS for as long as it exists. Java 17 has no public way to do it; {@code sun.misc.Unsafe.invokeCleaner}
 * (module jdk.unsupported, as Lucene and Netty use it) does. Where it is missing the mapping is left to the collector,
 * which is correct, only less frugal.
 */
final class Unmapper {
    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final MethodHandle INVOKE_CLEANER = invokeCleaner();

    private Unmapper() {}

    /** Unmaps {@code buffer}; it must not be used afterwards, by anyone. */
    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact((ByteBuffer) buffer);
        } catch (Throwable e) {
            LOG.debug("could not unmap a buffer; the garbage collector will", e);
        }
    }

    private static MethodHandle invokeCleaner() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("mapped files are unmapped by the garbage collector here: {}", e.toString());
            return null;
        }
    }
}
