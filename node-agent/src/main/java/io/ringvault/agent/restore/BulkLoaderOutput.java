package io.ringvault.agent.restore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the bulk loader prints, read line by line (its progress line is redrawn with {@code \r}, each redraw a line
 * here): the overall percentage of its progress lines, the totals of its summary, whether it reported hosts it failed
 * to stream to, and its last lines, for the detail of a failure. Only the latest progress line is kept among the last
 * lines, and no stack frame, so that a failure's own lines are not pushed out. Not thread-safe: one reader feeds it.
 */
final class BulkLoaderOutput {
    /** {@code progress: [/127.0.0.2:7000]0:1/1 100% total: 100% 1.953MiB/s (avg: 1.953MiB/s)} */
    private static final Pattern TOTAL = Pattern.compile("\\btotal: (\\d{1,3})%");

    private static final Pattern FILES = Pattern.compile("Total files transferred\\s*:\\s*(\\d+)");
    private static final Pattern BYTES = Pattern.compile("Total bytes transferred\\s*:\\s*(\\S+)");
    private static final Pattern STACK_FRAME =
            Pattern.compile("at [\\w$.<>/]+\\(.*\\)|\\.\\.\\. \\d+ (more|common frames omitted)");
    private static final String HOSTS_FAILED = "Streaming to the following hosts failed";
    /** Long enough for a stack trace's message; a progress line over many nodes is cut. */
    private static final int LINE_LIMIT = 400;

    private final int keep;
    private final Deque<String> last = new ArrayDeque<>();
    private boolean lastIsProgress;
    private int percent = -1;
    private long files = -1;
    private String bytes;
    private boolean hostsFailed;

    /** @param keep how many of the last lines to keep for a failure's detail */
    BulkLoaderOutput(int keep) {
        this.keep = keep;
    }

    /**
     * Takes one line of the loader's output.
     *
     * @return the new overall percentage when this line is a progress line that moved it, else empty
     */
    OptionalInt accept(String raw) {
        String line = raw.strip();
        if (line.isEmpty()) {
            return OptionalInt.empty();
        }
        if (STACK_FRAME.matcher(line).matches()) {
            // A stack trace's frames say where, not why: its message and its "Caused by:" lines are kept instead.
            return OptionalInt.empty();
        }
        if (line.length() > LINE_LIMIT) {
            line = line.substring(0, LINE_LIMIT) + "...";
        }
        Matcher total = TOTAL.matcher(line);
        boolean progress = line.startsWith("progress:") && total.find();
        if (progress && lastIsProgress) {
            last.pollLast();
        }
        last.addLast(line);
        lastIsProgress = progress;
        while (last.size() > keep) {
            last.pollFirst();
        }
        Matcher filesMatch = FILES.matcher(line);
        if (filesMatch.find()) {
            files = Long.parseLong(filesMatch.group(1));
        }
        Matcher bytesMatch = BYTES.matcher(line);
        if (bytesMatch.find()) {
            bytes = bytesMatch.group(1);
        }
        if (line.startsWith(HOSTS_FAILED)) {
            hostsFailed = true;
        }
        if (progress) {
            int now = Integer.parseInt(total.group(1));
            if (now != percent) {
                percent = now;
                return OptionalInt.of(now);
            }
        }
        return OptionalInt.empty();
    }

    /** The last overall percentage the loader printed; -1 before its first progress line. */
    int percent() {
        return percent;
    }

    /** The summary's "Total files transferred", or -1 when none was printed. */
    long filesTransferred() {
        return files;
    }

    /** The summary's "Total bytes transferred" as printed (for example {@code 1.953MiB}), or null. */
    String bytesTransferred() {
        return bytes;
    }

    /** Whether the loader printed that streaming to some hosts failed: a failure, whatever its exit code. */
    boolean hostsFailed() {
        return hostsFailed;
    }

    /** The last lines, oldest first. */
    List<String> lastLines() {
        return List.copyOf(last);
    }

    /** The last lines on one line, for a detail: {@code "line | line | line"}; "(no output)" when there were none. */
    String tail() {
        return last.isEmpty() ? "(no output)" : String.join(" | ", last);
    }
}
