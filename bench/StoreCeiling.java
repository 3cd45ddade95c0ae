import io.ringvault.storage.FilesystemObjectStore;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The filesystem store alone, without Kafka, the services or Cassandra: {@link FilesystemObjectStore#put} of every file
 * under a directory, {@code threads} at once, largest first (as the uploaders take a batch). Prints one line: wall
 * seconds, CPU seconds of this JVM, bytes. Launched by bench/store-ceiling.sh as a single-file program.
 *
 * <p>Usage: {@code java -cp storage.jar bench/StoreCeiling.java SOURCE_DIR STORE_ROOT THREADS [WARMUP_ROOT]}
 */
public class StoreCeiling {
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path root = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = new ArrayList<>(walk.filter(Files::isRegularFile).toList());
        }
        files.sort(Comparator.comparingLong((Path file) -> file.toFile().length()).reversed());
        if (args.length > 3) {
            // Compiles the copy path first, as the benchmark's warm-up rounds do for the services.
            for (int round = 0; round < 3; round++) {
                copy(files.subList(files.size() / 2, files.size()), source, Path.of(args[3], "r" + round), threads);
            }
        }
        long cpu = cpuNanos();
        long started = System.nanoTime();
        long bytes = copy(files, source, root, threads);
        System.out.printf(
                "wall=%.2f cpu=%.2f bytes=%d files=%d%n",
                (System.nanoTime() - started) / 1e9, (cpuNanos() - cpu) / 1e9, bytes, files.size());
    }

    private static long copy(List<Path> files, Path source, Path root, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FilesystemObjectStore store = new FilesystemObjectStore(root)) {
            List<Future<Long>> puts = new ArrayList<>();
            for (Path file : files) {
                puts.add(pool.submit(() -> {
                    long size = Files.size(file);
                    try (InputStream in = Files.newInputStream(file)) {
                        store.put(source.relativize(file).toString(), in, size);
                    }
                    return size;
                }));
            }
            long bytes = 0;
            for (Future<Long> put : puts) {
                bytes += put.get();
            }
            return bytes;
        } finally {
            pool.shutdown();
        }
    }

    private static long cpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
    }
}
