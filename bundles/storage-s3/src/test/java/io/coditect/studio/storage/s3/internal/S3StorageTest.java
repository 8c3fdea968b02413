package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static io.coditect.studio.storage.local.testing.Streams.readText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The behaviours of storage-local's LocalStorageTest, against a real s3proxy. */
public class S3StorageTest {

    private S3Settings settings;
    private S3Storage store;

    @Before
    public void setUp() {
        settings = S3ProxyServer.get().newBucket("studio");
        store = S3Storage.open(settings);
    }

    @After
    public void tearDown() {
        store.close();
    }

    // ---------------------------------------------------------------------------------------------
    // round trips

    @Test
    public void streamRoundTripKeepsContent() throws IOException {
        long size = 3L * 1024 * 1024 + 17;
        String expected = Streams.sha256Hex(Streams.generated(size, 42));
        ObjectInfo put = store.put(key("acme/big/blob.bin"), Streams.generated(size, 42), -1, WriteCondition.NONE);
        assertEquals(size, put.size());
        try (StorageObject o = store.get(key("acme/big/blob.bin"))) {
            assertFalse("get must stream", o.content() instanceof ByteArrayInputStream);
            assertEquals(put, o.info());
            assertEquals(expected, Streams.sha256Hex(o.content()));
        }
        assertEquals(Optional.of(put), store.stat(key("acme/big/blob.bin")));
    }

    @Test
    public void multipartUploadAboveTheThreshold() throws IOException {
        S3Storage small = new S3Storage(settings.withMultipart(5 * S3Settings.MIB, 5 * S3Settings.MIB),
                S3Clients.build(settings));
        long size = 12L * 1024 * 1024 + 3; // 3 parts: 5 + 5 + 2 MiB
        String expected = Streams.sha256Hex(Streams.generated(size, 9));
        long t0 = System.nanoTime();
        ObjectInfo put = small.put(key("acme/big/multi.bin"), Streams.generated(size, 9), size, WriteCondition.NONE);
        System.out.printf("multipart put of %d bytes: %d ms%n", size, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(size, put.size());
        assertTrue("a multipart ETag ends with the part count: " + put.etag(), put.etag().endsWith("-3"));
        try (StorageObject o = small.get(key("acme/big/multi.bin"))) {
            assertEquals(expected, Streams.sha256Hex(o.content()));
        }
        // conditions apply to multipart uploads too
        try {
            small.put(key("acme/big/multi.bin"), Streams.generated(size, 10), -1, WriteCondition.ABSENT);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
        }
        ObjectInfo second = small.put(key("acme/big/multi.bin"), Streams.generated(size, 10), -1,
                WriteCondition.ifMatch(put.etag()));
        assertNotEquals(put.etag(), second.etag());
        assertNoUploadsInProgress();
        small.close();
    }

    @Test
    public void multipartUploadFailingHalfWayIsAbortedAndLeavesTheOldObject() {
        S3Storage small = new S3Storage(settings.withMultipart(5 * S3Settings.MIB, 5 * S3Settings.MIB),
                S3Clients.build(settings));
        ObjectInfo old = putText(small, "acme/doc.bin", "the old content");
        try {
            small.put(key("acme/doc.bin"), Streams.failingAfter(11L * 1024 * 1024, null), -1, WriteCondition.NONE);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.IO, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("acme/doc.bin"));
        }
        IllegalStateException boom = new IllegalStateException("boom");
        try {
            small.put(key("acme/doc.bin"), Streams.failingAfter(7L * 1024 * 1024, boom), -1, WriteCondition.NONE);
            fail();
        } catch (IllegalStateException e) {
            assertEquals(boom, e);
        }
        assertEquals("the old content", readText(small, "acme/doc.bin"));
        assertEquals(old, small.stat(key("acme/doc.bin")).orElseThrow());
        assertNoUploadsInProgress();
        small.close();
    }

    @Test
    public void emptyObject() {
        ObjectInfo info = putText(store, "acme/empty", "");
        assertEquals(0, info.size());
        assertEquals(md5(""), info.etag());
        assertEquals("", readText(store, "acme/empty"));
    }

    @Test
    public void missingObject() {
        assertEquals(Optional.empty(), store.stat(key("acme/nothing")));
        try {
            store.get(key("acme/nothing"));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.NOT_FOUND, e.kind());
        }
        assertFalse(store.delete(key("acme/nothing"), WriteCondition.NONE));
    }

    @Test
    public void aFolderIsNotAnObject() {
        putText(store, "acme/dir/file", "x");
        assertEquals(Optional.empty(), store.stat(key("acme/dir")));
        assertEquals(Optional.empty(), store.stat(key("acme")));
        try {
            store.get(key("acme/dir"));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.NOT_FOUND, e.kind());
        }
        assertFalse(store.delete(key("acme/dir"), WriteCondition.NONE));
        assertEquals("x", readText(store, "acme/dir/file"));
    }

    @Test
    public void unicodeKeysRoundTrip() {
        putText(store, "acme/docs/café ☕ 東京.txt", "unicode");
        assertEquals("unicode", readText(store, "acme/docs/café ☕ 東京.txt"));
        assertEquals(List.of("acme/docs/café ☕ 東京.txt"), keys(store.list(key("acme"), null, 10).objects()));
    }

    @Test
    public void keysLiveUnderTheConfiguredPrefix() {
        putText(store, "acme/a.txt", "prefixed");
        try (S3Client c = S3Clients.build(settings)) {
            List<String> raw = c.listObjectsV2(b -> b.bucket(settings.bucket())).contents().stream()
                    .map(o -> o.key()).filter(k -> !k.endsWith("/")).collect(Collectors.toList());
            // (s3proxy's filesystem backend also lists its folders as markers ending with '/')
            assertEquals(List.of("studio/acme/a.txt"), raw);
            // objects outside the prefix, and S3 keys that are not studio keys, are not listed
            c.putObject(b -> b.bucket(settings.bucket()).key("other/acme/x"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
            c.putObject(b -> b.bucket(settings.bucket()).key("studio/acme/bad\u200Bname"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
        }
        assertEquals(List.of("acme/a.txt"), keys(store.list(key("acme"), null, 10).objects()));
    }

    // ---------------------------------------------------------------------------------------------
    // ETags

    @Test
    public void etagChangesWithContentAndIsStableOtherwise() {
        ObjectInfo first = putText(store, "acme/a.txt", "one");
        assertEquals(md5("one"), first.etag());
        assertEquals(first.etag(), store.stat(key("acme/a.txt")).orElseThrow().etag());
        try (StorageObject o = store.get(key("acme/a.txt"))) {
            assertEquals(first.etag(), o.info().etag());
        }
        assertEquals(first.etag(), store.list(key("acme"), null, 10).objects().get(0).etag());
        ObjectInfo second = putText(store, "acme/a.txt", "two");
        assertNotEquals(first.etag(), second.etag());
        assertEquals(second.etag(), store.stat(key("acme/a.txt")).orElseThrow().etag());
        assertEquals(second.etag(), putText(store, "acme/a.txt", "two").etag());
    }

    // ---------------------------------------------------------------------------------------------
    // conditional writes

    @Test
    public void absentConditionRefusesToOverwrite() {
        ObjectInfo v1 = putText(store, "acme/c.txt", "v1", WriteCondition.ABSENT);
        try {
            putText(store, "acme/c.txt", "v2", WriteCondition.ABSENT);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains(v1.etag()));
        }
        assertEquals("v1", readText(store, "acme/c.txt"));
    }

    @Test
    public void ifMatchWithAStaleEtagFailsAndKeepsTheContent() {
        ObjectInfo v1 = putText(store, "acme/c.txt", "v1");
        ObjectInfo v2 = putText(store, "acme/c.txt", "v2");
        try {
            putText(store, "acme/c.txt", "v3", WriteCondition.ifMatch(v1.etag()));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
        }
        assertEquals("v2", readText(store, "acme/c.txt"));
        ObjectInfo v3 = putText(store, "acme/c.txt", "v3", WriteCondition.ifMatch(v2.etag()));
        assertEquals("v3", readText(store, "acme/c.txt"));
        assertNotEquals(v2.etag(), v3.etag());
    }

    @Test
    public void ifMatchOnAMissingObjectFails() {
        try {
            putText(store, "acme/none.txt", "x", WriteCondition.ifMatch("0123456789abcdef0123456789abcdef"));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
        }
        assertEquals(Optional.empty(), store.stat(key("acme/none.txt")));
    }

    @Test
    public void conditionalDelete() {
        ObjectInfo v1 = putText(store, "acme/d.txt", "v1");
        putText(store, "acme/d.txt", "v2");
        for (WriteCondition wrong : List.of(WriteCondition.ifMatch(v1.etag()), WriteCondition.ABSENT)) {
            try {
                store.delete(key("acme/d.txt"), wrong);
                fail();
            } catch (StorageException e) {
                assertEquals(Kind.PRECONDITION_FAILED, e.kind());
            }
        }
        assertEquals("v2", readText(store, "acme/d.txt"));
        String current = store.stat(key("acme/d.txt")).orElseThrow().etag();
        assertTrue(store.delete(key("acme/d.txt"), WriteCondition.ifMatch(current)));
        assertEquals(Optional.empty(), store.stat(key("acme/d.txt")));
        try {
            store.delete(key("acme/d.txt"), WriteCondition.ifMatch(current));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // failed writes

    @Test
    public void inputFailingHalfWayKeepsTheOldObject() {
        ObjectInfo old = putText(store, "acme/doc.txt", "the old content");
        try {
            store.put(key("acme/doc.txt"), Streams.failingAfter(3 * 1024 * 1024, null), -1, WriteCondition.NONE);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.IO, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("acme/doc.txt"));
        }
        assertEquals("the old content", readText(store, "acme/doc.txt"));
        assertEquals(old, store.stat(key("acme/doc.txt")).orElseThrow());
    }

    @Test
    public void inputThrowingAnUncheckedExceptionPassesThrough() {
        putText(store, "acme/doc.txt", "the old content");
        IllegalStateException boom = new IllegalStateException("boom");
        try {
            store.put(key("acme/doc.txt"), Streams.failingAfter(100_000, boom), -1, WriteCondition.NONE);
            fail();
        } catch (IllegalStateException e) {
            assertEquals(boom, e);
        }
        assertEquals("the old content", readText(store, "acme/doc.txt"));
    }

    @Test
    public void contentShorterOrLongerThanAnnouncedIsRefused() {
        putText(store, "acme/len.txt", "old");
        byte[] five = "12345".getBytes(UTF_8);
        for (long announced : new long[] {10, 3}) {
            try {
                store.put(key("acme/len.txt"), new ByteArrayInputStream(five), announced, WriteCondition.NONE);
                fail("announced " + announced);
            } catch (StorageException e) {
                assertEquals(Kind.IO, e.kind());
                assertTrue(e.getMessage(), e.getMessage().contains("announced as " + announced));
            }
        }
        assertEquals("old", readText(store, "acme/len.txt"));
    }

    // ---------------------------------------------------------------------------------------------
    // object vs folder

    @Test
    public void aKeyCannotBeBothAnObjectAndAFolder() {
        putText(store, "acme/a", "object");
        try {
            putText(store, "acme/a/b", "below an object");
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("'acme/a' is an object"));
        }
        putText(store, "acme/x/y/z", "deep");
        try {
            putText(store, "acme/x", "over a folder");
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("'acme/x' is a folder"));
            assertTrue(e.getMessage(), e.getMessage().contains("acme/x/y/z"));
        }
        assertEquals("object", readText(store, "acme/a"));
        assertEquals("deep", readText(store, "acme/x/y/z"));
    }

    @Test
    public void withoutFolderChecksOrConditionalHeadersConditionsStillHold() {
        S3Settings s = settings;
        S3Settings loose = new S3Settings(s.id(), s.displayName(), s.endpoint(), s.region(), s.bucket(), s.pathStyle(),
                s.accessKeyId(), s.secretAccessKey(), null, s.keyPrefix(), s.multipartThreshold(), s.partSize(),
                s.connectTimeout(), s.requestTimeout(), false, false);
        try (S3Storage plain = S3Storage.open(loose)) {
            // (whether a key may then be both an object and a folder is up to the service; s3proxy's
            // filesystem backend cannot hold both, so it is not tried here)
            putText(plain, "acme/x/y", "deep");
            ObjectInfo v1 = putText(plain, "acme/z", "object", WriteCondition.ABSENT);
            // without conditional headers the in-JVM check still refuses a stale write
            try {
                putText(plain, "acme/z", "stale", WriteCondition.ifMatch(md5("other")));
                fail();
            } catch (StorageException e) {
                assertEquals(Kind.PRECONDITION_FAILED, e.kind());
            }
            assertTrue(plain.delete(key("acme/z"), WriteCondition.ifMatch(v1.etag())));
            assertEquals(List.of("acme/x/y"), keys(plain.list(key("acme"), null, 10).objects()));
        }
    }

    @Test
    public void theOrganisationFolderCannotHoldAnObject() {
        try {
            putText(store, "acme", "x");
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.CONFLICT, e.kind());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // copy

    @Test
    public void copyWithinAnOrganisation() {
        ObjectInfo src = putText(store, "acme/src.txt", "copy me");
        ObjectInfo copy = store.copy(key("acme/src.txt"), key("acme/sub/dst.txt"));
        assertEquals(src.etag(), copy.etag());
        assertEquals(src.size(), copy.size());
        assertEquals(key("acme/sub/dst.txt"), copy.path());
        assertEquals("copy me", readText(store, "acme/sub/dst.txt"));
        putText(store, "acme/src.txt", "changed");
        assertEquals("copy me", readText(store, "acme/sub/dst.txt"));
        assertEquals(copy.etag(), store.copy(key("acme/sub/dst.txt"), key("acme/sub/dst.txt")).etag());
    }

    @Test
    public void copyAcrossOrganisationsIsRefused() {
        putText(store, "acme/src.txt", "secret");
        try {
            store.copy(key("acme/src.txt"), key("other/dst.txt"));
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("within one organisation"));
        }
        assertEquals(List.of(), keys(store.list(key("other"), null, 10).objects()));
    }

    @Test
    public void copyOfAMissingObject() {
        try {
            store.copy(key("acme/none"), key("acme/dst"));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.NOT_FOUND, e.kind());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // health

    @Test
    public void healthIsUpAndNamesTheBucket() {
        Health h = store.health();
        assertEquals(h.message(), Health.Status.UP, h.status());
        assertTrue(h.message(), h.message().contains(settings.bucket()));
    }

    @Test
    public void healthIsDownForAMissingBucketWrongCredentialsOrNoServer() {
        S3Settings missing = new S3Settings("s3", "x", settings.endpoint(), "us-east-1", "no-such-bucket-here", true,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null, "", 16 * S3Settings.MIB, 8 * S3Settings.MIB,
                settings.connectTimeout(), settings.requestTimeout(), true, true);
        try (S3Storage s = S3Storage.open(missing)) {
            Health h = s.health();
            assertEquals(h.message(), Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().contains("does not exist"));
        }
        S3Settings wrongKey = new S3Settings("s3", "x", settings.endpoint(), "us-east-1", settings.bucket(), true,
                S3ProxyServer.ACCESS_KEY, "wrong-secret", null, "", 16 * S3Settings.MIB, 8 * S3Settings.MIB,
                settings.connectTimeout(), settings.requestTimeout(), true, true);
        try (S3Storage s = S3Storage.open(wrongKey)) {
            Health h = s.health();
            assertEquals(h.message(), Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().contains("credentials"));
            try {
                s.stat(key("acme/x"));
                fail();
            } catch (StorageException e) {
                assertEquals(Kind.UNAVAILABLE, e.kind());
            }
        }
        S3Settings noServer = new S3Settings("s3", "x", java.net.URI.create("http://127.0.0.1:1"), "us-east-1",
                settings.bucket(), true, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, null, "",
                16 * S3Settings.MIB, 8 * S3Settings.MIB, settings.connectTimeout(), settings.requestTimeout(), true,
                true);
        try (S3Storage s = S3Storage.open(noServer)) {
            assertEquals(Health.Status.DOWN, s.health().status());
            try {
                s.get(key("acme/x"));
                fail();
            } catch (StorageException e) {
                assertEquals(Kind.UNAVAILABLE, e.kind());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    static List<String> keys(List<ObjectInfo> objects) {
        return objects.stream().map(o -> o.path().key()).collect(Collectors.toList());
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertNoUploadsInProgress() {
        try (S3Client c = S3Clients.build(settings)) {
            assertEquals(List.of(), c.listMultipartUploads(b -> b.bucket(settings.bucket())).uploads());
        }
    }
}
