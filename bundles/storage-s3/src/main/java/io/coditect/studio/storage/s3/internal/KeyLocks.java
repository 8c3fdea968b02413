package io.coditect.studio.storage.s3.internal;

import java.util.concurrent.locks.ReentrantLock;

import io.coditect.studio.api.storage.StoragePath;

/**
 * Striped per-key locks. They serialise the check-and-write of conditional writes inside this JVM,
 * whether or not the service honours If-Match / If-None-Match (s3proxy does not).
 */
final class KeyLocks {

    private static final int STRIPES = 256;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(StoragePath path) {
        int h = path.key().hashCode();
        h ^= h >>> 16;
        return locks[h & (STRIPES - 1)];
    }
}
