package io.coditect.studio.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.Role;
import org.junit.Test;

/** The small pieces: role hierarchy, ids, cursors, the JSON of audit details and tool calls, titles. */
public class ValuesTest {

    @Test
    public void theRoleHierarchyIsTheOneOfTheDesign() {
        Map<Role, Set<Role>> below = Map.of(
                Role.ORG_ADMIN, EnumSet.allOf(Role.class),
                Role.TEAM_ADMIN, EnumSet.of(Role.TEAM_ADMIN, Role.PROJECT_LEAD, Role.DEVELOPER, Role.ANALYST),
                Role.PROJECT_LEAD, EnumSet.of(Role.PROJECT_LEAD, Role.DEVELOPER),
                Role.DEVELOPER, EnumSet.of(Role.DEVELOPER),
                Role.ANALYST, EnumSet.of(Role.ANALYST),
                Role.BILLING_ADMIN, EnumSet.of(Role.BILLING_ADMIN));
        for (Role r : Role.values()) {
            for (Role other : Role.values()) {
                assertEquals(r + " includes " + other, below.get(r).contains(other), r.includes(other));
            }
        }
        assertEquals(null, Role.ORG_ADMIN.parent());
        assertEquals(Role.ORG_ADMIN, Role.BILLING_ADMIN.parent());
        assertEquals(Role.TEAM_ADMIN, Role.ANALYST.parent());
        assertEquals(EnumSet.of(Role.ORG_ADMIN, Role.BILLING_ADMIN), EnumSet.copyOf(
                java.util.Arrays.stream(Role.values()).filter(r -> r.scope() == Role.Scope.ORGANISATION).toList()));
    }

    @Test
    public void idsAreTimeOrderedUuidsThatAreAlsoStudioIds() {
        Set<String> seen = new HashSet<>();
        String previous = "";
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.next(1_900_000_000_000L + i / 5000);
            assertTrue(id, StudioIds.isValid(id));
            assertEquals(7, UUID.fromString(id).version());
            assertEquals(2, UUID.fromString(id).variant());
            assertTrue(previous + " < " + id, id.compareTo(previous) > 0);
            assertTrue(seen.add(id));
            previous = id;
        }
    }

    @Test
    public void cursorsBelongToOneListing() {
        String c = Cursors.encode("team", "core");
        assertEquals("core", Cursors.decode("team", c, 1)[0]);
        for (String bad : new String[] {"", "***", Cursors.encode("project", "core"), Cursors.encode("team", "a", "b")}) {
            try {
                Cursors.decode("team", bad, 1);
                fail(bad);
            } catch (StoreException e) {
                assertEquals(StoreException.Kind.INVALID, e.kind());
            }
        }
    }

    @Test
    public void auditDetailsRoundTripThroughJson() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("quote", "say \"hi\"\\");
        m.put("lines", "a\nb\r\tc");
        m.put("unicode", "Zoë 名前 \u2028");
        m.put("control", "\u0001");
        m.put("empty", "");
        String json = FlatJson.write(m);
        assertEquals(m, FlatJson.parse(json));
        assertEquals(Map.of(), FlatJson.parse(" { } "));
        assertEquals(Map.of("a", "/"), FlatJson.parse("{\"a\":\"\\/\"}"));
        for (String bad : new String[] {"", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":\"b\"} x", "{\"a\" \"b\"}",
                "{\"a\":\"\\u12\"}"}) {
            try {
                FlatJson.parse(bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void toolCallsRoundTripThroughAJsonArray() {
        List<ContentPart.ToolCall> calls = List.of(new ContentPart.ToolCall("toolu_01", "read_file",
                "{\"path\": \"a\\b\",\n\"q\": \"\u0001 Zoë\"}"), new ContentPart.ToolCall("c2", "run", null));
        String json = ToolCallsJson.write(calls);
        assertTrue(json, json.startsWith("[{\"arguments\":"));
        assertEquals(calls, ToolCallsJson.read(json));
        assertEquals(null, ToolCallsJson.write(List.of()));
        assertEquals(List.of(), ToolCallsJson.read(null));
        assertEquals(List.of(), ToolCallsJson.read(" [ ] "));
        assertEquals(List.of(Map.of("a", "1"), Map.of()), FlatJson.parseArray("[{\"a\":\"1\"}, {}]"));
        for (String bad : new String[] {"", "{}", "[", "[{}", "[{},]", "[{\"a\":1}]", "[{}] x", "[{\"name\":\"x\"}]"}) {
            try {
                ToolCallsJson.read(bad);
                fail(bad);
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().isEmpty());
            }
        }
    }

    @Test
    public void conversationTitlesAreOneShortLine() {
        assertEquals("Fix the login bug", JpaConversationStore.title("  Fix\tthe\n\n login   bug \n"));
        assertEquals("x".repeat(120), JpaConversationStore.title("x".repeat(121)));
        // never half of a surrogate pair
        String emoji = "x".repeat(119) + "\ud83d\ude00" + "tail";
        assertEquals("x".repeat(119), JpaConversationStore.title(emoji));
        assertEquals("", JpaConversationStore.title(" \n "));
    }
}
