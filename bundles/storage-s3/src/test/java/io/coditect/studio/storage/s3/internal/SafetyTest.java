package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.coditect.studio.api.storage.InvalidKeyException;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The key-validation tests of storage-local's SafetyTest (DESIGN.md §7): keys that StoragePath
 * refuses never reach the backend, and nothing lands in the bucket.
 */
public class SafetyTest {

    private S3Settings settings;
    private S3Storage store;
    private final AtomicInteger backendCalls = new AtomicInteger();
    private StorageBackend counted;

    @Before
    public void setUp() {
        settings = S3ProxyServer.get().newBucket("studio");
        store = S3Storage.open(settings);
        putText(store, "acme/source", "s");
        counted = (StorageBackend) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StorageBackend.class}, (proxy, method, args) -> {
                    backendCalls.incrementAndGet();
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @After
    public void tearDown() {
        store.close();
    }

    @Test
    public void dotDotNeverReachesTheBackend() {
        assertRefusedBeforeTheBackend("acme/../other/secret.txt");
        assertRefusedBeforeTheBackend("acme/a/..");
        assertRefusedBeforeTheBackend("..");
    }

    @Test
    public void absoluteKeysNeverReachTheBackend() {
        assertRefusedBeforeTheBackend("/etc/passwd");
        assertRefusedBeforeTheBackend("/acme/x");
    }

    @Test
    public void backslashesNeverReachTheBackend() {
        assertRefusedBeforeTheBackend("acme/..\\..\\etc\\passwd");
        assertRefusedBeforeTheBackend("acme\\x");
    }

    @Test
    public void nulNeverReachesTheBackend() {
        assertRefusedBeforeTheBackend("acme/a\u0000.txt");
    }

    @Test
    public void percentEncodedSeparatorsNeverReachTheBackend() {
        assertRefusedBeforeTheBackend("acme/..%2F..%2Fetc");
        assertRefusedBeforeTheBackend("acme/a%2fb");
        assertRefusedBeforeTheBackend("acme/%2e%2e");
    }

    @Test
    public void lookAlikeSeparatorsNeverReachTheBackend() {
        assertRefusedBeforeTheBackend("acme/..\uFF0F..\uFF0Fetc");
        assertRefusedBeforeTheBackend("acme/a\u2215b");
        assertRefusedBeforeTheBackend("acme/\uFF0E\uFF0E");
    }

    @Test
    public void zeroWidthCharactersNeverReachTheBackend() {
        assertRefusedBeforeTheBackend("acme/a\u200Bb.txt");
        assertRefusedBeforeTheBackend("acme/\u202Etxt.exe");
    }

    @Test
    public void keysFromTheBucketThatAreNotStudioKeysAreNeverReturned() {
        // the reverse direction: S3 keys outside the prefix or with refused segments never become paths
        assertEquals(null, store.pathOf("other/acme/x"));
        assertEquals(null, store.pathOf("studio/acme/../x"));
        assertEquals(null, store.pathOf("studio/acme/x/"));
        assertEquals(null, store.pathOf("studio//acme"));
        assertEquals(key("acme/x"), store.pathOf("studio/acme/x"));
        assertEquals("studio/acme/x", store.objectKey(key("acme/x")));
    }

    private void assertRefusedBeforeTheBackend(String rawKey) {
        List<String> before = bucketKeys();
        List<Consumer<StorageBackend>> operations = List.of(
                b -> b.put(StoragePath.parse(rawKey), new ByteArrayInputStream(new byte[] {1}), 1,
                        WriteCondition.NONE),
                b -> b.get(StoragePath.parse(rawKey)),
                b -> b.stat(StoragePath.parse(rawKey)),
                b -> b.delete(StoragePath.parse(rawKey), WriteCondition.NONE),
                b -> b.list(StoragePath.parse(rawKey), null, 10),
                b -> b.copy(key("acme/source"), StoragePath.parse(rawKey)));
        for (Consumer<StorageBackend> op : operations) {
            try {
                op.accept(counted);
                fail("'" + rawKey + "' was accepted");
            } catch (InvalidKeyException e) {
                // expected: thrown while building the key, before any call
            }
        }
        assertEquals("the backend was called with '" + rawKey + "'", 0, backendCalls.get());
        assertEquals(before, bucketKeys());
    }

    private List<String> bucketKeys() {
        try (S3Client c = S3Clients.build(settings)) {
            return c.listObjectsV2(b -> b.bucket(settings.bucket())).contents().stream().map(o -> o.key())
                    .collect(Collectors.toList());
        }
    }
}
