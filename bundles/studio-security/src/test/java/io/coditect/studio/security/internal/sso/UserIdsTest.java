package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Set;

import io.coditect.studio.api.StudioIds;
import org.junit.Test;

public class UserIdsTest {

    @Test
    public void theLocalPartBecomesASlug() {
        assertEquals("jane-doe-x", UserIds.slug("Jane.Doe+x"));
        assertEquals("renee", UserIds.slug("Renée"));
        assertEquals("o-brien", UserIds.slug("__O'Brien__"));
        assertEquals("user", UserIds.slug("日本"));
        assertEquals("user", UserIds.slug(""));
        String long_ = UserIds.slug("a".repeat(49) + "-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        assertEquals("a".repeat(49), long_);
    }

    @Test
    public void takenIdsGetANumber() {
        Set<String> taken = Set.of("jane", "jane-2", "jane-3");
        assertEquals("jane-4", UserIds.unused("jane@acme.test", id -> !taken.contains(id)));
        assertEquals("bob", UserIds.unused("bob@acme.test", id -> !taken.contains(id)));
    }

    @Test
    public void aHundredNamesakesGetARandomSuffix() {
        String id = UserIds.unused("jane@acme.test", candidate -> !candidate.matches("jane(-\\d+)?"));
        assertTrue(id, id.matches("jane-[0-9a-f]{6}"));
        assertTrue(StudioIds.isValid(UserIds.unused("x".repeat(80) + "@acme.test", c -> !c.equals("x".repeat(50)))));
    }
}
