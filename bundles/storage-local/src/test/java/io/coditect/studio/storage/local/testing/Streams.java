package io.coditect.studio.storage.local.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;

/** Test helpers: generated streams, hashing, small text objects. */
public final class Streams {

    private Streams() {
    }

    /** {@code size} pseudo-random bytes, generated on the fly (never held in memory). */
    public static InputStream generated(long size, long seed) {
        return new InputStream() {
            private long left = size;
            private long x = seed | 1;

            private int nextByte() {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                return (int) (x & 0xff);
            }

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return nextByte();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) nextByte();
                }
                left -= n;
                return n;
            }
        };
    }

    /** Delivers {@code good} bytes, then fails. */
    public static InputStream failingAfter(long good, RuntimeException runtime) {
        InputStream data = generated(good, 7);
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = data.read();
                return b >= 0 ? b : fail();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = data.read(b, off, len);
                return n >= 0 ? n : fail();
            }

            private int fail() throws IOException {
                if (runtime != null) {
                    throw runtime;
                }
                throw new IOException("connection reset by the client (simulated)");
            }
        };
    }

    public static String sha256Hex(InputStream in) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[32 * 1024];
        for (int n; (n = in.read(buf)) >= 0;) {
            md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    public static String sha256Hex(String text) {
        try {
            return sha256Hex(new ByteArrayInputStream(text.getBytes(UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StoragePath key(String key) {
        return StoragePath.parse(key);
    }

    public static ObjectInfo putText(StorageBackend store, String key, String text) {
        return putText(store, key, text, WriteCondition.NONE);
    }

    public static ObjectInfo putText(StorageBackend store, String key, String text, WriteCondition condition) {
        byte[] bytes = text.getBytes(UTF_8);
        return store.put(key(key), new ByteArrayInputStream(bytes), bytes.length, condition);
    }

    public static String readText(StorageBackend store, String key) {
        try (StorageObject o = store.get(key(key))) {
            return new String(o.content().readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
