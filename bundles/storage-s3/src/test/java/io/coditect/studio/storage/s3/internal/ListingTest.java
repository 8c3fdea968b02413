package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.s3.internal.S3StorageTest.keys;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The behaviours of storage-local's ListingTest, against a real s3proxy. */
public class ListingTest {

    private S3Settings settings;
    private S3Storage store;

    @Before
    public void setUp() {
        settings = S3ProxyServer.get().newBucket("");
        store = S3Storage.open(settings);
    }

    @After
    public void tearDown() {
        store.close();
    }

    @Test
    public void keyOrderIsKeyOrderNotDirectoryWalkOrder() {
        for (String k : List.of("acme/a0", "acme/a/x", "acme/a.b", "acme/a-b", "acme/a/-", "acme/a/x.y/z", "acme/b",
                "acme/A", "acme/a!")) {
            putText(store, k, k);
        }
        List<String> expected = List.of("acme/A", "acme/a!", "acme/a-b", "acme/a.b", "acme/a/-", "acme/a/x",
                "acme/a/x.y/z", "acme/a0", "acme/b");
        assertEquals(expected, keys(store.list(key("acme"), null, 1000).objects()));
        assertEquals(expected, listAll("acme", 1));
        assertEquals(expected, listAll("acme", 2));
    }

    @Test
    public void pagingThrough2500ObjectsReturnsEachExactlyOnceInOrder() throws Exception {
        // written straight into the bucket in parallel (as another tool would), then listed through the store
        List<String> written = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; written.size() < 2500; i++) {
            String k = switch (i % 5) {
                case 0 -> "acme/p/f" + i;
                case 1 -> "acme/p/d" + (i % 7) + "/f" + i;
                case 2 -> "acme/p/d" + (i % 7) + "-x/f" + i;
                case 3 -> "acme/p/d" + (i % 7) + ".y/" + i;
                default -> "acme/p/n/" + (i % 11) + "/" + i;
            };
            if (distinct.add(k)) {
                written.add(k);
            }
        }
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (S3Client c = S3Clients.build(settings)) {
            List<Future<?>> futures = new ArrayList<>();
            for (String k : written) {
                futures.add(pool.submit(() -> c.putObject(b -> b.bucket(settings.bucket()).key(k),
                        RequestBody.fromString(k))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long t1 = System.nanoTime();
        List<String> expected = new ArrayList<>(written);
        expected.sort(null);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            ListPage page = store.list(key("acme/p"), cursor, 1000);
            pageSizes.add(page.objects().size());
            seen.addAll(keys(page.objects()));
            cursor = page.nextCursor();
        } while (cursor != null);
        long t2 = System.nanoTime();
        System.out.printf("2500 objects: written in %d ms, listed in 3 pages in %d ms%n", (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);

        assertEquals(List.of(1000, 1000, 500), pageSizes);
        assertEquals(2500, new HashSet<>(seen).size());
        assertEquals(expected, seen);
    }

    @Test
    public void anExactlyFullLastPageHasNoNextCursor() {
        for (int i = 0; i < 4; i++) {
            putText(store, "acme/k" + i, "x");
        }
        ListPage first = store.list(key("acme"), null, 2);
        assertTrue(first.hasMore());
        ListPage second = store.list(key("acme"), first.nextCursor(), 2);
        assertEquals(List.of("acme/k2", "acme/k3"), keys(second.objects()));
        assertFalse(second.hasMore());
    }

    @Test
    public void organisationsAreIsolatedBySegment() {
        putText(store, "acme/x.txt", "acme");
        putText(store, "acme2/y.txt", "acme2");
        putText(store, "acme-b/z.txt", "acme-b");
        assertEquals(List.of("acme/x.txt"), keys(store.list(key("acme"), null, 100).objects()));
        assertEquals(List.of("acme2/y.txt"), keys(store.list(key("acme2"), null, 100).objects()));
        for (int i = 0; i < 3; i++) {
            putText(store, "acme/more" + i, "x");
        }
        String cursor = store.list(key("acme"), null, 1).nextCursor();
        assertNotNull(cursor);
        try {
            store.list(key("acme2"), cursor, 10);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("another listing"));
        }
    }

    @Test
    public void prefixesCompareWholeSegments() {
        putText(store, "acme/teams/core/a", "1");
        putText(store, "acme/te/b", "2");
        putText(store, "acme/tea", "3");
        putText(store, "acme/te-x/c", "4");
        assertEquals(List.of("acme/te/b"), keys(store.list(key("acme/te"), null, 100).objects()));
        assertEquals(List.of("acme/teams/core/a"), keys(store.list(key("acme/teams"), null, 100).objects()));
        assertEquals(List.of(), keys(store.list(key("acme/t"), null, 100).objects()));
        assertEquals(List.of(), keys(store.list(key("nobody"), null, 100).objects()));
    }

    @Test
    public void aPrefixThatIsAnObjectListsItself() {
        putText(store, "acme/doc", "d");
        putText(store, "acme/doc2", "d2");
        ListPage page = store.list(key("acme/doc"), null, 10);
        assertEquals(List.of("acme/doc"), keys(page.objects()));
        assertNull(page.nextCursor());
        assertEquals(List.of(), keys(store.list(key("acme/doc/x"), null, 10).objects()));
        assertEquals(List.of(), keys(store.list(key("acme/doc"), io.coditect.studio.api.storage.ListingCursor.encode("acme/doc"), 10).objects()));
    }

    @Test
    public void listedMetadataMatchesStat() {
        putText(store, "acme/a/one", "1");
        putText(store, "acme/b", "22");
        for (ObjectInfo o : store.list(key("acme"), null, 10).objects()) {
            assertEquals(store.stat(o.path()).orElseThrow(), o);
        }
    }

    @Test
    public void limitMustBeBetween1And1000() {
        for (int limit : new int[] {0, -1, 1001}) {
            try {
                store.list(key("acme"), null, limit);
                fail("limit " + limit);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("limit must be between 1 and 1000"));
            }
        }
    }

    @Test
    public void cursorsThatDoNotDecodeAreRefused() {
        String notUtf8 = Base64.getUrlEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe});
        String notUnderPrefix = Base64.getUrlEncoder().encodeToString("other/key".getBytes(UTF_8));
        for (String cursor : List.of("%%%", "not base64!", notUtf8, notUnderPrefix, "")) {
            try {
                store.list(key("acme"), cursor, 10);
                fail("cursor " + cursor);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("cursor"));
            }
        }
    }

    private List<String> listAll(String prefix, int limit) {
        List<String> all = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            ListPage page = store.list(key(prefix), cursor, limit);
            assertTrue(page.objects().size() <= limit);
            all.addAll(keys(page.objects()));
            cursor = page.nextCursor();
            assertTrue("cursors must advance", cursor == null || cursors.add(cursor));
        } while (cursor != null);
        return all;
    }
}
