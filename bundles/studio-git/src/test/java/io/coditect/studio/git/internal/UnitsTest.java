package io.coditect.studio.git.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

import org.eclipse.jgit.lib.ObjectId;
import org.junit.After;
import org.junit.Test;

/** The small pure parts: packed-refs, UTF-8 cutting, the cache folder setting. */
public class UnitsTest {

    private final String savedKarafData = System.getProperty("karaf.data");

    @After
    public void restoreKarafData() {
        if (savedKarafData == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", savedKarafData);
        }
    }

    @Test
    public void packedRefsRoundTripSorted() throws IOException {
        ObjectId a = ObjectId.fromString("1111111111111111111111111111111111111111");
        ObjectId b = ObjectId.fromString("2222222222222222222222222222222222222222");
        byte[] text = PackedRefs.format(Map.of("refs/heads/sessions/z", a, "refs/heads/sessions/a", b));
        assertEquals("# pack-refs with: peeled fully-peeled sorted \n" + b.name() + " refs/heads/sessions/a\n" + a.name()
                + " refs/heads/sessions/z\n", new String(text, UTF_8));
        SortedMap<String, ObjectId> parsed = PackedRefs.parse(text);
        assertEquals(Map.of("refs/heads/sessions/z", a, "refs/heads/sessions/a", b), parsed);
    }

    @Test
    public void corruptPackedRefsAreRejected() {
        for (String bad : new String[] {"nonsense\n", "1111 refs/heads/x\n",
            "1111111111111111111111111111111111111111 not..a..ref\n"}) {
            try {
                PackedRefs.parse(bad.getBytes(UTF_8));
                fail(bad);
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("packed-refs"));
            }
        }
    }

    @Test
    public void utf8PrefixNeverSplitsACharacter() {
        assertEquals("ab", BoundedDiff.prefix("abü", 3));
        assertEquals("abü", BoundedDiff.prefix("abü", 4));
        assertEquals("", BoundedDiff.prefix("😀", 3));
        assertEquals("😀", BoundedDiff.prefix("😀x", 4));
    }

    @Test
    public void cacheFolderDefaultsBelowKarafData() {
        System.setProperty("karaf.data", "/srv/karaf/data");
        assertEquals(Path.of("/srv/karaf/data/git"), CacheFolder.of(null));
        assertEquals(Path.of("/srv/karaf/data/git"), CacheFolder.of(" "));
        assertEquals(Path.of("/mnt/cache"), CacheFolder.of("/mnt/cache"));
        System.clearProperty("karaf.data");
        assertEquals(Path.of("data/git").toAbsolutePath(), CacheFolder.of(null));
        try {
            CacheFolder.of("${no.such.property}/git");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("no.such.property"));
        }
    }
}
