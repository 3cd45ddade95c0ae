package io.ringvault.cli.render;

import java.util.Locale;

/** Sizes, rates and durations for people. An unknown or not yet counted value shows as {@code ?}. */
public final class Units {
    public static final String UNKNOWN = "?";
    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Units() {}

    /** {@code 512 B}, {@code 1.2 MiB}: binary units, one decimal. */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return UNKNOWN;
        }
        return scaled(bytes, "");
    }

    /** {@code 2.1 MiB/s}; {@code ?/s} when the rate is not known. */
    public static String rate(Double bytesPerSecond) {
        if (bytesPerSecond == null || bytesPerSecond.isNaN() || bytesPerSecond.isInfinite() || bytesPerSecond < 0) {
            return UNKNOWN + "/s";
        }
        return scaled(bytesPerSecond, "/s");
    }

    /** {@code 42s}, {@code 1m05s}, {@code 2h03m}, {@code 3d04h}. */
    public static String duration(Long seconds) {
        if (seconds == null || seconds < 0) {
            return UNKNOWN;
        }
        long s = seconds;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }

    /** {@code 45,000}: a count of rows, grouped by thousands. */
    public static String rows(long rows) {
        return String.format(Locale.ROOT, "%,d", rows);
    }

    /** {@code 10/40}, or {@code 10/?} while the total is not known (0). */
    public static String count(long done, long total) {
        return done + "/" + (total > 0 ? String.valueOf(total) : UNKNOWN);
    }

    /** {@code 1.2 MiB/5.0 MiB}, or {@code 1.2 MiB/?} while the total is not known (0). */
    public static String byteCount(long done, long total) {
        return bytes(done) + "/" + (total > 0 ? bytes(total) : UNKNOWN);
    }

    /** Percent done by bytes, else by files; {@code ?} when neither total is known. Never above 100. */
    public static String percent(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        if (bytesTotal > 0) {
            return percent(bytesDone, bytesTotal);
        }
        if (filesTotal > 0) {
            return percent(filesDone, filesTotal);
        }
        return UNKNOWN;
    }

    private static String percent(long done, long total) {
        long percent = Math.max(0, Math.min(100, (long) Math.floor(done * 100.0 / total)));
        return percent + "%";
    }

    private static String scaled(double value, String suffix) {
        if (value < 1024) {
            return Math.round(value) + " B" + suffix;
        }
        double scaled = value;
        int unit = -1;
        // 1023.96 KiB would print as "1024.0 KiB": move up a unit before rounding can overflow it.
        while (scaled >= 1023.95 && unit < BINARY_UNITS.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s%s", scaled, BINARY_UNITS[unit], suffix);
    }
}
