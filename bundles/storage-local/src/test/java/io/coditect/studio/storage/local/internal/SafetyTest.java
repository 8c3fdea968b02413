package io.coditect.studio.storage.local.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.internal.LocalStorageTest.keys;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.storage.InvalidKeyException;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageException;
import io.coditect.studio.api.storage.StorageException.Kind;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Links below the root, and keys that must never reach the backend. */
public class SafetyTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path root;
    private Path outside;
    private LocalStorage store;
    private final AtomicInteger backendCalls = new AtomicInteger();
    private StorageBackend counted;

    @Before
    public void setUp() throws IOException {
        root = tmp.newFolder("storage").toPath();
        outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        store = new LocalStorage(root);
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

    // ---------------------------------------------------------------------------------------------
    // symbolic links planted inside the root

    @Test
    public void aLinkedFolderInsideTheRootIsNeverFollowed() throws IOException {
        putText(store, "acme/real.txt", "real");
        link(root.resolve("acme/evil"), outside);

        expectRefused(() -> store.get(key("acme/evil/secret.txt")));
        expectRefused(() -> store.stat(key("acme/evil/secret.txt")));
        expectRefused(() -> putText(store, "acme/evil/planted.txt", "x"));
        expectRefused(() -> store.delete(key("acme/evil/secret.txt"), WriteCondition.NONE));
        expectRefused(() -> store.copy(key("acme/evil/secret.txt"), key("acme/stolen.txt")));
        expectRefused(() -> store.list(key("acme/evil"), null, 10));

        assertEquals(List.of("acme/real.txt"), keys(store.list(key("acme"), null, 10).objects()));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
        assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
        assertFalse(Files.exists(root.resolve("acme/stolen.txt")));
    }

    @Test
    public void aLinkedFileInsideTheRootIsNeverFollowed() throws IOException {
        link(root.resolve("acme/link.txt"), outside.resolve("secret.txt"));

        expectRefused(() -> store.get(key("acme/link.txt")));
        expectRefused(() -> store.stat(key("acme/link.txt")));
        expectRefused(() -> putText(store, "acme/link.txt", "overwrite through the link"));
        expectRefused(() -> store.delete(key("acme/link.txt"), WriteCondition.NONE));

        assertEquals(List.of(), keys(store.list(key("acme"), null, 10).objects()));
        assertEquals("top secret", Files.readString(outside.resolve("secret.txt")));
        assertTrue(Files.isSymbolicLink(root.resolve("acme/link.txt")));
    }

    @Test
    public void aLinkedOrganisationFolderIsNeverFollowed() throws IOException {
        link(root.resolve("evilorg"), outside);
        expectRefused(() -> store.get(key("evilorg/secret.txt")));
        expectRefused(() -> store.list(key("evilorg"), null, 10));
        expectRefused(() -> putText(store, "evilorg/planted.txt", "x"));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    public void aRootThatIsItselfALinkIsFine() throws IOException {
        Path real = tmp.newFolder("real-root").toPath();
        Path linked = tmp.getRoot().toPath().resolve("linked-root");
        link(linked, real);
        LocalStorage viaLink = new LocalStorage(linked);
        putText(viaLink, "acme/a.txt", "through the configured link");
        assertEquals("through the configured link", Files.readString(real.resolve("acme/a.txt")));
        assertTrue(viaLink.health().isUp());
    }

    @Test
    public void theStoresOwnFoldersAreNotFollowedEither() throws IOException {
        LocalStorage sidecars = new LocalStorage(root, EtagRecords.Mode.SIDECAR);
        putText(sidecars, "acme/a.txt", "a");
        Path tmpDir = root.resolve(LocalStorage.TMP_DIR);
        Path metaDir = root.resolve(LocalStorage.META_DIR);
        LocalStorageTest.deleteTree(tmpDir);
        LocalStorageTest.deleteTree(metaDir);
        link(tmpDir, outside);
        link(metaDir, outside);

        try {
            putText(sidecars, "acme/b.txt", "b");
            fail("wrote through a linked temporary folder");
        } catch (StorageException e) {
            assertEquals(Kind.IO, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("not a plain folder"));
        }
        // ETags still work without the sidecars, and nothing lands outside
        assertEquals(Streams.sha256Hex("a").substring(0, 32), sidecars.stat(key("acme/a.txt")).orElseThrow().etag());
        assertTrue(sidecars.delete(key("acme/a.txt"), WriteCondition.NONE));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of("secret.txt"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertEquals(Health.Status.DOWN, sidecars.health().status());
    }

    // ---------------------------------------------------------------------------------------------
    // keys that StoragePath refuses never reach the backend

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
    public void theBackendChecksResolvedPathsAgain() {
        // defence in depth: segments StoragePath would never produce are refused by the backend too
        for (List<String> segments : List.of(List.of("acme", ".."), List.of("acme", "."), List.of("acme", "a/b"),
                List.of("acme", "a\\b"), List.of("acme", "a\u0000b"), List.of("acme", ""), List.of(".tmp", "x"),
                List.of(".meta", "x"), List.of(".."))) {
            try {
                LocalStorage.resolveSegments(root, segments);
                fail("resolved " + segments);
            } catch (InvalidKeyException e) {
                // expected
            }
        }
        assertEquals(root.resolve("acme").resolve("a.txt"), LocalStorage.resolveSegments(root, List.of("acme", "a.txt")));
    }

    private void assertRefusedBeforeTheBackend(String rawKey) {
        Set<String> before = listRoot();
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
        assertEquals(before, listRoot());
    }

    // ---------------------------------------------------------------------------------------------

    private static void link(Path link, Path target) throws IOException {
        Files.createDirectories(link.getParent());
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            Assume.assumeNoException("symbolic links are not available here", e);
        }
    }

    private static void expectRefused(Runnable r) {
        try {
            r.run();
            fail("a symbolic link was followed");
        } catch (StorageException e) {
            assertEquals(e.getMessage(), Kind.IO, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("symbolic link"));
        }
    }

    private Set<String> listRoot() {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
