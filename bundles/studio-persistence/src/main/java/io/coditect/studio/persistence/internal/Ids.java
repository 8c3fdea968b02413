package io.coditect.studio.persistence.internal;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids of the records the studio creates: UUID version 7 (RFC 9562), time-ordered and, within this
 * JVM, strictly increasing, so that "newest first" also orders records created in one millisecond
 * and inserts go to the end of the primary key index.
 */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private Ids() {
    }

    static synchronized String next(long nowMillis) {
        long millis = Math.max(nowMillis, lastMillis);
        if (millis == lastMillis) {
            counter++;
            if (counter > 0xfff) {
                // 4096 ids in one millisecond: borrow from the next one
                millis++;
                counter = 0;
            }
        } else {
            counter = RANDOM.nextInt(0x800);
        }
        lastMillis = millis;
        long msb = (millis & 0xffff_ffff_ffffL) << 16 | 0x7000L | counter;
        long lsb = RANDOM.nextLong() & 0x3fff_ffff_ffff_ffffL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
