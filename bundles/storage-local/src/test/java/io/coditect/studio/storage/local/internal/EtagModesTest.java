package io.coditect.studio.storage.local.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** The same ETag behaviour wherever the hashes are kept. */
@RunWith(Parameterized.class)
public class EtagModesTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> modes() {
        return Arrays.asList(new Object[][] {{EtagRecords.Mode.XATTR}, {EtagRecords.Mode.SIDECAR},
                {EtagRecords.Mode.NONE}});
    }

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final EtagRecords.Mode mode;
    private Path root;
    private LocalStorage store;

    public EtagModesTest(EtagRecords.Mode mode) {
        this.mode = mode;
    }

    @Before
    public void setUp() throws IOException {
        root = tmp.newFolder("storage").toPath();
        if (mode == EtagRecords.Mode.XATTR) {
            Assume.assumeTrue("user extended attributes are not available here", xattrsWork(root));
        }
        store = new LocalStorage(root, mode);
    }

    @Test
    public void etagsAreContentHashesThatFollowChanges() throws IOException {
        ObjectInfo v1 = putText(store, "acme/d/a.txt", "first");
        assertEquals(Streams.sha256Hex("first").substring(0, 32), v1.etag());
        assertEquals(v1, store.stat(key("acme/d/a.txt")).orElseThrow());
        assertEquals(v1.etag(), store.list(key("acme"), null, 10).objects().get(0).etag());

        Path file = root.resolve("acme/d/a.txt");
        FileTime mtime = Files.getLastModifiedTime(file);
        Files.writeString(file, "other");
        Files.setLastModifiedTime(file, FileTime.from(mtime.toInstant().plusSeconds(3)));
        ObjectInfo changed = store.stat(key("acme/d/a.txt")).orElseThrow();
        assertEquals(Streams.sha256Hex("other").substring(0, 32), changed.etag());
        try (StorageObject o = store.get(key("acme/d/a.txt"))) {
            assertEquals(changed.etag(), o.info().etag());
        }

        ObjectInfo v2 = putText(store, "acme/d/a.txt", "third", WriteCondition.ifMatch(changed.etag()));
        assertNotEquals(changed.etag(), v2.etag());
        assertEquals(v2, store.stat(key("acme/d/a.txt")).orElseThrow());
    }

    @Test
    public void recordsAreKeptWhereTheModeSays() throws IOException {
        putText(store, "acme/d/a.txt", "content");
        Path file = root.resolve("acme/d/a.txt");
        Path sidecar = root.resolve(LocalStorage.META_DIR).resolve("acme/d/a.txt");
        switch (mode) {
            case XATTR -> {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(file,
                        UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                assertTrue(view.list().contains(EtagRecords.XATTR_NAME));
                assertFalse(Files.exists(sidecar));
            }
            case SIDECAR -> assertTrue(Files.readString(sidecar).startsWith("v1;"));
            case NONE -> assertFalse(Files.exists(sidecar));
        }
        store.delete(key("acme/d/a.txt"), WriteCondition.NONE);
        assertFalse(Files.exists(sidecar));
        assertFalse("empty sidecar folders are pruned", Files.exists(root.resolve(LocalStorage.META_DIR).resolve("acme")));
    }

    @Test
    public void staleSidecarsDoNotBlockNewKeys() throws IOException {
        // an admin deletes objects behind the store's back, leaving their sidecars
        putText(store, "acme/k", "object");
        Files.delete(root.resolve("acme/k"));
        putText(store, "acme/k/child", "now a folder");
        assertEquals(Streams.sha256Hex("now a folder").substring(0, 32),
                store.stat(key("acme/k/child")).orElseThrow().etag());

        Files.delete(root.resolve("acme/k/child"));
        Files.delete(root.resolve("acme/k"));
        ObjectInfo again = putText(store, "acme/k", "an object again");
        assertEquals(again, store.stat(key("acme/k")).orElseThrow());
    }

    @Test
    public void copiesKeepTheEtag() {
        ObjectInfo src = putText(store, "acme/src", "same bytes");
        ObjectInfo dst = store.copy(key("acme/src"), key("acme/dst"));
        assertEquals(src.etag(), dst.etag());
        assertEquals(List.of(src.etag(), dst.etag()),
                store.list(key("acme"), null, 10).objects().stream().map(ObjectInfo::etag).toList());
    }

    private static boolean xattrsWork(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, "probe", "");
            try {
                UserDefinedFileAttributeView view = Files.getFileAttributeView(probe,
                        UserDefinedFileAttributeView.class);
                if (view == null) {
                    return false;
                }
                view.write("studio.probe", java.nio.ByteBuffer.wrap(new byte[] {1}));
                return true;
            } finally {
                Files.delete(probe);
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
