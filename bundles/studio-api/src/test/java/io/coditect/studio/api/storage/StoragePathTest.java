package io.coditect.studio.api.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class StoragePathTest {

    @Test
    public void buildsLayoutKeys() {
        assertEquals("acme/teams/core/users/ann/home", StorageLayout.userHome("acme", "core", "ann").key());
        assertEquals("acme/teams/core/users/ann/projects/p1",
                StorageLayout.project("acme", "core", "ann", "p1").key());
        assertEquals("acme/teams/core/shared/templates", StorageLayout.teamTemplates("acme", "core").key());
        assertEquals("acme/sessions/s-1/checkpoints", StorageLayout.sessionCheckpoints("acme", "s-1").key());
        assertEquals("acme/system/cache", StorageLayout.systemCache("acme").key());
    }

    @Test
    public void acceptsOrdinaryFileNames() {
        StoragePath p = StorageLayout.userHome("acme", "core", "ann")
                .resolve("src/My File (1).java");
        assertEquals("acme/teams/core/users/ann/home/src/My File (1).java", p.key());
        assertEquals("My File (1).java", p.name());
        StoragePath.parse("acme/notes/ünïcödé-名前.txt");
        StoragePath.parse("acme/.hidden/.gitignore");
    }

    @Test
    public void prefixComparesWholeSegments() {
        StoragePath acme = StoragePath.root("acme");
        assertTrue(acme.contains(StoragePath.parse("acme/x")));
        assertFalse(acme.contains(StoragePath.parse("acme2/x")));
        assertFalse(StoragePath.parse("acme/te").contains(StoragePath.parse("acme/teams/x")));
        assertEquals("x/y", acme.relativize(StoragePath.parse("acme/x/y")));
    }

    @Test
    public void refusesTraversal() {
        refused("acme/../other");
        refused("acme/./x");
        refused("acme/x/..");
        refused("..");
        refusedResolve("../../other-org/secret");
        refusedResolve("a/../../b");
    }

    @Test
    public void refusesAbsoluteAndEmptySegments() {
        refused("/acme/x");
        refused("acme//x");
        refused("acme/x/");
        refused("");
        refusedResolve("/etc/passwd");
    }

    @Test
    public void refusesBackslashAndNul() {
        refused("acme/a\\..\\b");
        refused("acme/x\u0000y");
        refused("acme/x\ny");
        refused("acme/x\u007fy");
    }

    @Test
    public void refusesEncodedSeparators() {
        refused("acme/%2e%2e/x");
        refused("acme/a%2Fb");
        refused("acme/a%5cb");
        refused("acme/%252e");
    }

    @Test
    public void refusesLookAlikeUnicode() {
        for (String s : List.of("\uFF0E\uFF0E", "a\uFF0Fb", "a\u2215b", "a\u2044b", "\u2024\u2024", "a\uFE68b",
                "a\u200Bb", "a\u202Eb", "\uFEFFx", "a\u29F8b", "\u2025", "x\uE000")) {
            try {
                StoragePath.of("acme", s);
                fail("accepted " + s.codePoints().mapToObj(Integer::toHexString).toList());
            } catch (InvalidKeyException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void refusesBadOrganisationIds() {
        refused("ACME/x");
        refused("ac me/x");
        refused("-acme/x");
        refused("acme-/x");
        refused("acmé/x");
    }

    @Test
    public void refusesWhiteSpaceAtEdgesAndOverlongKeys() {
        refused("acme/ x");
        refused("acme/x ");
        refused("acme/" + "a".repeat(256));
        refused("acme/" + ("a".repeat(200) + "/").repeat(6) + "a");
    }

    @Test
    public void messagesNameTheRuleAndHideControlCharacters() {
        try {
            StoragePath.parse("acme/x\u0000y");
            fail();
        } catch (InvalidKeyException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("U+0000"));
            assertFalse(e.getMessage().contains("\u0000"));
        }
    }

    private static void refused(String key) {
        try {
            StoragePath.parse(key);
            fail("accepted '" + key + "'");
        } catch (InvalidKeyException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }

    private static void refusedResolve(String relative) {
        try {
            StoragePath.root("acme").resolve(relative);
            fail("accepted '" + relative + "'");
        } catch (InvalidKeyException expected) {
            assertFalse(expected.getMessage().isEmpty());
        }
    }
}
