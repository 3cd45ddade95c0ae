import io.ringvault.storage.FilesystemObjectStore;
import io.ringvault.storage.ObjectStore;
import io.ringvault.storage.crypto.EncryptingObjectStore;
import io.ringvault.storage.crypto.KeyFileKeys;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The cost of client-side encryption on the filesystem store, without Kafka, the services or Cassandra: put then get of
 * one object of SIZE_MIB through {@link FilesystemObjectStore} as it is and through {@link EncryptingObjectStore} over
 * it, ROUNDS times each (which goes first alternating), after a warm-up. Prints one line per measurement: mode, operation, seconds, CPU
 * seconds of this JVM, MiB/s. Launched by bench/encryption.sh as a single-file program.
 *
 * <p>Usage: {@code java -cp CLASSPATH bench/EncryptionThroughput.java WORK_DIR SIZE_MIB ROUNDS}
 */
public class EncryptionThroughput {
    private static final int MiB = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        long size = Long.parseLong(args[1]) * MiB;
        int rounds = Integer.parseInt(args[2]);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path keyFile = Files.writeString(Files.createDirectories(work).resolve("bench-kek"),
                Base64.getEncoder().encodeToString(key));
        FilesystemObjectStore files = new FilesystemObjectStore(work.resolve("objects"));
        ObjectStore encrypted = new EncryptingObjectStore(files, KeyFileKeys.load(keyFile, List.of()));
        // Warm-up: compiles both paths before anything is timed.
        for (int i = 0; i < 2; i++) {
            run("plain", files, 256L * MiB, false);
            run("encrypted", encrypted, 256L * MiB, false);
        }
        for (int round = 1; round <= rounds; round++) {
            // Which goes first alternates: the second put meets the first one's pages still being written back.
            if (round % 2 == 1) {
                run("plain", files, size, true);
                run("encrypted", encrypted, size, true);
            } else {
                run("encrypted", encrypted, size, true);
                run("plain", files, size, true);
            }
        }
    }

    private static void run(String mode, ObjectStore store, long size, boolean print) throws Exception {
        String key = "bench/" + mode + ".bin";
        long cpu = cpuNanos();
        long started = System.nanoTime();
        store.put(key, new Repeating(size), size);
        report(print, mode, "put", size, started, cpu);
        cpu = cpuNanos();
        started = System.nanoTime();
        byte[] buffer = new byte[256 * 1024];
        long read = 0;
        try (InputStream in = store.get(key, 0)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        }
        if (read != size) {
            throw new IllegalStateException("read " + read + " of " + size + " bytes");
        }
        report(print, mode, "get", size, started, cpu);
        store.delete(key);
    }

    private static void report(boolean print, String mode, String operation, long size, long started, long cpu) {
        if (print) {
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "mode=%s op=%s seconds=%.3f cpu=%.3f mibps=%.1f%n",
                    mode, operation, seconds, (cpuNanos() - cpu) / 1e9, size / (double) MiB / seconds);
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code size} bytes of 4 MiB of random data over and over: incompressible, and nearly free to produce. */
    private static final class Repeating extends InputStream {
        private static final byte[] PATTERN = new byte[4 * MiB];

        static {
            new Random(42).nextBytes(PATTERN);
        }

        private final long size;
        private long position;

        Repeating(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? PATTERN[(int) (position++ % PATTERN.length)] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int at = (int) (position % PATTERN.length);
            int n = (int) Math.min(Math.min(length, PATTERN.length - at), size - position);
            System.arraycopy(PATTERN, at, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
