package io.coditect.studio.api.sandbox;

import java.time.Duration;

/** Sizes and durations as drivers word them in messages people read ("64 MiB", "1.5 s"). */
public final class Sizes {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;

    private Sizes() {
    }

    /** "64 MiB", "4 GiB", "1.5 GiB", "512 KiB", "100 bytes". */
    public static String bytes(long n) {
        if (n >= GIB) {
            return unit(n, GIB, "GiB");
        }
        if (n >= MIB) {
            return unit(n, MIB, "MiB");
        }
        if (n >= KIB) {
            return unit(n, KIB, "KiB");
        }
        return n + " bytes";
    }

    private static String unit(long n, long unit, String name) {
        if (n % unit == 0) {
            return n / unit + " " + name;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", (double) n / unit, name);
    }

    /** "30 s", "1.5 s", "250 ms", "2 min". */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
