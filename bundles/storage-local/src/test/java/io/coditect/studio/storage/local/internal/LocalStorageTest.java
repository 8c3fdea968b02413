package io.coditect.studio.storage.local.internal;

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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LocalStorageTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private LocalStorage store;

    @Before
    public void setUp() throws IOException {
        root = tmp.newFolder("storage").toPath();
        store = new LocalStorage(root);
    }

    // ---------------------------------------------------------------------------------------------
    // round trips

    @Test
    public void largeStreamRoundTripKeepsContentAndHash() throws IOException {
        long size = 20L * 1024 * 1024 + 17;
        String expected = Streams.sha256Hex(Streams.generated(size, 42));

        ObjectInfo put = store.put(key("acme/big/blob.bin"), Streams.generated(size, 42), -1, WriteCondition.NONE);

        assertEquals(size, put.size());
        assertEquals(expected.substring(0, 32), put.etag());
        assertEquals(size, Files.size(root.resolve("acme/big/blob.bin")));
        try (StorageObject o = store.get(key("acme/big/blob.bin"))) {
            assertFalse("get must stream from the file", o.content() instanceof ByteArrayInputStream);
            assertEquals(put, o.info());
            assertEquals(expected, Streams.sha256Hex(o.content()));
        }
        assertEquals(Optional.of(put), store.stat(key("acme/big/blob.bin")));
        assertTempFolderEmpty();
    }

    @Test
    public void objectsArePlainFilesAnAdminCanRead() throws IOException {
        putText(store, "acme/teams/core/notes.txt", "hello");
        assertEquals("hello", Files.readString(root.resolve("acme/teams/core/notes.txt")));
    }

    @Test
    public void emptyObject() {
        ObjectInfo info = putText(store, "acme/empty", "");
        assertEquals(0, info.size());
        assertEquals(Streams.sha256Hex("").substring(0, 32), info.etag());
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
        org.junit.Assume.assumeTrue("needs a UTF-8 file name encoding",
                "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding", "UTF-8")));
        putText(store, "acme/docs/café ☕ 東京.txt", "unicode");
        assertEquals("unicode", readText(store, "acme/docs/café ☕ 東京.txt"));
        assertEquals(List.of("acme/docs/café ☕ 東京.txt"), keys(store.list(key("acme"), null, 10).objects()));
    }

    // ---------------------------------------------------------------------------------------------
    // ETags

    @Test
    public void etagChangesWithContentAndIsStableOtherwise() {
        ObjectInfo first = putText(store, "acme/a.txt", "one");
        assertEquals(Streams.sha256Hex("one").substring(0, 32), first.etag());
        assertEquals(first.etag(), store.stat(key("acme/a.txt")).orElseThrow().etag());
        assertEquals(first.etag(), store.stat(key("acme/a.txt")).orElseThrow().etag());
        try (StorageObject o = store.get(key("acme/a.txt"))) {
            assertEquals(first.etag(), o.info().etag());
        }
        assertEquals(first.etag(), store.list(key("acme"), null, 10).objects().get(0).etag());

        ObjectInfo second = putText(store, "acme/a.txt", "two");
        assertNotEquals(first.etag(), second.etag());
        assertEquals(second.etag(), store.stat(key("acme/a.txt")).orElseThrow().etag());

        // the ETag is the content hash: writing the same bytes again keeps it
        assertEquals(second.etag(), putText(store, "acme/a.txt", "two").etag());
    }

    @Test
    public void fileChangedBehindTheStoresBackGetsANewEtag() throws IOException {
        ObjectInfo before = putText(store, "acme/a.txt", "original");
        Path file = root.resolve("acme/a.txt");
        FileTime mtime = Files.getLastModifiedTime(file);

        // an admin edits the file in place, same size, later
        Files.writeString(file, "modified");
        Files.setLastModifiedTime(file, FileTime.from(mtime.toInstant().plusSeconds(5)));

        ObjectInfo after = store.stat(key("acme/a.txt")).orElseThrow();
        assertEquals(Streams.sha256Hex("modified").substring(0, 32), after.etag());
        assertNotEquals(before.etag(), after.etag());
        try (StorageObject o = store.get(key("acme/a.txt"))) {
            assertEquals(after.etag(), o.info().etag());
        }

        // an admin replaces it with a new file of another size
        Files.writeString(root.resolve("acme/new.txt"), "by the admin, not by the store");
        Files.move(root.resolve("acme/new.txt"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Streams.sha256Hex("by the admin, not by the store").substring(0, 32),
                store.stat(key("acme/a.txt")).orElseThrow().etag());
    }

    @Test
    public void filesPutThereByAnAdminAreObjects() throws IOException {
        Files.createDirectories(root.resolve("acme/imported"));
        Files.writeString(root.resolve("acme/imported/readme.md"), "# hi");
        ObjectInfo info = store.stat(key("acme/imported/readme.md")).orElseThrow();
        assertEquals(Streams.sha256Hex("# hi").substring(0, 32), info.etag());
        assertEquals(4, info.size());
        assertEquals("# hi", readText(store, "acme/imported/readme.md"));
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
        assertTempFolderEmpty();
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
        assertEquals(v2.etag(), store.stat(key("acme/c.txt")).orElseThrow().etag());

        ObjectInfo v3 = putText(store, "acme/c.txt", "v3", WriteCondition.ifMatch(v2.etag()));
        assertEquals("v3", readText(store, "acme/c.txt"));
        assertNotEquals(v2.etag(), v3.etag());
        assertTempFolderEmpty();
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
        try {
            store.delete(key("acme/d.txt"), WriteCondition.ifMatch(v1.etag()));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
        }
        try {
            store.delete(key("acme/d.txt"), WriteCondition.ABSENT);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.PRECONDITION_FAILED, e.kind());
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
    public void inputFailingHalfWayKeepsTheOldObjectAndNoTempFile() {
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
        assertTempFolderEmpty();
    }

    @Test
    public void inputThrowingAnUncheckedExceptionLeavesNoTempFile() {
        putText(store, "acme/doc.txt", "the old content");
        IllegalStateException boom = new IllegalStateException("boom");
        try {
            store.put(key("acme/doc.txt"), Streams.failingAfter(100_000, boom), -1, WriteCondition.NONE);
            fail();
        } catch (IllegalStateException e) {
            assertEquals(boom, e);
        }
        assertEquals("the old content", readText(store, "acme/doc.txt"));
        assertTempFolderEmpty();
    }

    @Test
    public void failedFirstWriteLeavesNothing() {
        try {
            store.put(key("acme/new/doc.txt"), Streams.failingAfter(1000, null), -1, WriteCondition.NONE);
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.IO, e.kind());
        }
        assertEquals(Optional.empty(), store.stat(key("acme/new/doc.txt")));
        assertTempFolderEmpty();
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
        assertTempFolderEmpty();
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
        assertTempFolderEmpty();
    }

    @Test
    public void anEmptyFolderGivesWayToAnObject() throws IOException {
        Files.createDirectories(root.resolve("acme/leftover"));
        putText(store, "acme/leftover", "now an object");
        assertEquals("now an object", readText(store, "acme/leftover"));
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
    // delete

    @Test
    public void deletePrunesEmptyFoldersButNeverTheRoot() throws IOException {
        putText(store, "acme/a/b/c/file.txt", "x");
        putText(store, "acme/a/keep.txt", "y");
        assertTrue(store.delete(key("acme/a/b/c/file.txt"), WriteCondition.NONE));
        assertFalse(Files.exists(root.resolve("acme/a/b")));
        assertTrue(Files.isDirectory(root.resolve("acme/a")));

        assertTrue(store.delete(key("acme/a/keep.txt"), WriteCondition.NONE));
        assertFalse(Files.exists(root.resolve("acme")));
        assertTrue(Files.isDirectory(root));
        assertFalse(store.delete(key("acme/a/keep.txt"), WriteCondition.NONE));
        // the store still works on the pruned tree
        putText(store, "acme/a/b/again.txt", "z");
        assertEquals("z", readText(store, "acme/a/b/again.txt"));
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
        assertTempFolderEmpty();
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
        assertFalse(Files.exists(root.resolve("other")));
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
    // another file system below the root

    @Test
    public void targetFolderOnAnotherFileSystemIsWrittenThroughALocalTemporaryFile() {
        LocalStorage crossDevice = new LocalStorage(root) {
            @Override
            void atomicMove(Path from, Path to) throws IOException {
                if (from.getParent().getFileName().toString().equals(LocalStorage.TMP_DIR)) {
                    throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "simulated EXDEV");
                }
                super.atomicMove(from, to);
            }
        };
        ObjectInfo v1 = putText(crossDevice, "acme/mounted/doc.txt", "first");
        ObjectInfo v2 = putText(crossDevice, "acme/mounted/doc.txt", "second", WriteCondition.ifMatch(v1.etag()));
        assertEquals("second", readText(crossDevice, "acme/mounted/doc.txt"));
        assertEquals(v2, crossDevice.stat(key("acme/mounted/doc.txt")).orElseThrow());
        assertEquals(List.of("acme/mounted/doc.txt"), keys(crossDevice.list(key("acme"), null, 10).objects()));
        try (Stream<Path> s = Files.list(root.resolve("acme/mounted"))) {
            assertEquals(List.of("doc.txt"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertTempFolderEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // health and start-up

    @Test
    public void healthIsUpAndNamesTheRoot() throws IOException {
        Health h = store.health();
        assertEquals(h.message(), Health.Status.UP, h.status());
        assertTrue(h.message(), h.message().contains(root.toRealPath().toString()));
    }

    @Test
    public void healthIsDownWhenTheRootCannotBeCreated() throws IOException {
        Path file = tmp.newFile("not-a-folder").toPath();
        Path bad = file.resolve("storage");
        LocalStorage broken = new LocalStorage(bad);
        Health h = broken.health();
        assertEquals(Health.Status.DOWN, h.status());
        assertTrue(h.message(), h.message().contains(bad.toString()));
        assertTrue(h.message(), h.message().contains("cannot be created"));
        try {
            broken.stat(key("acme/x"));
            fail();
        } catch (StorageException e) {
            assertEquals(Kind.UNAVAILABLE, e.kind());
        }
    }

    @Test
    public void healthIsDownWhenTheRootDisappears() throws IOException {
        Path gone = tmp.newFolder("gone").toPath();
        LocalStorage s = new LocalStorage(gone);
        assertTrue(s.health().isUp());
        deleteTree(gone);
        Health h = s.health();
        assertEquals(Health.Status.DOWN, h.status());
        assertTrue(h.message(), h.message().contains(gone.toString()));
    }

    @Test
    public void healthIsDegradedWhenFileNamesCannotHoldUnicode() {
        String saved = System.getProperty("sun.jnu.encoding");
        // only the store's check reads the property again; the JDK fixed its encoding at start-up
        System.setProperty("sun.jnu.encoding", "ANSI_X3.4-1968");
        try {
            Health h = store.health();
            assertEquals(Health.Status.DEGRADED, h.status());
            assertTrue(h.message(), h.message().contains("UTF-8"));
        } finally {
            if (saved == null) {
                System.clearProperty("sun.jnu.encoding");
            } else {
                System.setProperty("sun.jnu.encoding", saved);
            }
        }
    }

    @Test
    public void staleTemporaryFilesOfACrashedProcessAreSweptAtStart() throws IOException {
        Path tmpDir = root.resolve(LocalStorage.TMP_DIR);
        Path stale = Files.writeString(tmpDir.resolve("crashed.part"), "half a write");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path recent = Files.writeString(tmpDir.resolve("recent.part"), "maybe someone's write");
        new LocalStorage(root);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(recent));
    }

    // ---------------------------------------------------------------------------------------------

    static List<String> keys(List<ObjectInfo> objects) {
        return objects.stream().map(o -> o.path().key()).collect(Collectors.toList());
    }

    private void assertTempFolderEmpty() {
        try (Stream<Path> s = Files.list(root.resolve(LocalStorage.TMP_DIR))) {
            assertEquals(List.of(), s.collect(Collectors.toList()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(p);
            }
        }
    }
}
