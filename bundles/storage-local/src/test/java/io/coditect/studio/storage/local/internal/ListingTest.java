package io.coditect.studio.storage.local.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.internal.LocalStorageTest.keys;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ListingTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private LocalStorage store;

    @Before
    public void setUp() throws IOException {
        root = tmp.newFolder("storage").toPath();
        store = new LocalStorage(root);
    }

    @Test
    public void keyOrderIsStringOrderNotDirectoryWalkOrder() {
        for (String k : List.of("acme/a0", "acme/a/x", "acme/a.b", "acme/a-b", "acme/a/-", "acme/a/x.y/z", "acme/b",
                "acme/A", "acme/a!")) {
            putText(store, k, k);
        }
        List<String> expected = sorted(List.of("acme/a0", "acme/a/x", "acme/a.b", "acme/a-b", "acme/a/-",
                "acme/a/x.y/z", "acme/b", "acme/A", "acme/a!"));
        assertEquals(List.of("acme/A", "acme/a!", "acme/a-b", "acme/a.b", "acme/a/-", "acme/a/x", "acme/a/x.y/z",
                "acme/a0", "acme/b"), expected);

        assertEquals(expected, keys(store.list(key("acme"), null, 1000).objects()));
        // the same order one object per page
        assertEquals(expected, listAll("acme", 1));
        assertEquals(expected, listAll("acme", 2));
    }

    @Test
    public void pagingThrough2500ObjectsReturnsEachExactlyOnceInOrder() throws IOException {
        // written straight to disk, as an admin would (an fsynced put each would make this test slow)
        List<String> written = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; written.size() < 2500; i++) {
            // a mix of flat and nested keys, names around '/' in sort order, no zero padding
            String k = switch (i % 5) {
                case 0 -> "acme/p/f" + i;
                case 1 -> "acme/p/d" + (i % 7) + "/f" + i;
                case 2 -> "acme/p/d" + (i % 7) + "-x/f" + i;
                case 3 -> "acme/p/d" + (i % 7) + ".y/" + i;
                default -> "acme/p/n/" + (i % 11) + "/" + i;
            };
            if (distinct.add(k)) {
                Path file = root.resolve(k);
                Files.createDirectories(file.getParent());
                Files.writeString(file, Integer.toString(i));
                written.add(k);
            }
        }
        putText(store, "acme/p/d3.y/through-the-store", "x");
        written.add("acme/p/d3.y/through-the-store");
        Files.delete(root.resolve(written.remove(0)));
        List<String> expected = sorted(written);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            ListPage page = store.list(key("acme/p"), cursor, 1000);
            pageSizes.add(page.objects().size());
            seen.addAll(keys(page.objects()));
            cursor = page.nextCursor();
        } while (cursor != null);

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

        // a cursor of one organisation's listing is not accepted for another's
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
        // below an object there is nothing
        assertEquals(List.of(), keys(store.list(key("acme/doc/x"), null, 10).objects()));
        // and the page after it is empty
        String cursor = io.coditect.studio.api.storage.ListingCursor.encode("acme/doc");
        assertEquals(List.of(), keys(store.list(key("acme/doc"), cursor, 10).objects()));
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
    public void emptyFoldersAndForeignFilesAreNotObjects() throws IOException {
        putText(store, "acme/real", "x");
        Files.createDirectories(root.resolve("acme/empty/deeper"));
        Files.writeString(root.resolve("acme/%part-0000"), "an in-flight write");
        Files.writeString(root.resolve("acme/bad\u200Bname"), "zero-width: not a valid key");
        assertEquals(List.of("acme/real"), keys(store.list(key("acme"), null, 10).objects()));
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

    private static List<String> sorted(List<String> keys) {
        List<String> copy = new ArrayList<>(keys);
        copy.sort(null);
        return copy;
    }
}
