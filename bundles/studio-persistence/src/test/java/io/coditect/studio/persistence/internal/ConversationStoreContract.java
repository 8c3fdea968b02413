package io.coditect.studio.persistence.internal;

import static io.coditect.studio.persistence.internal.StoreContract.assertMentions;
import static io.coditect.studio.persistence.internal.StoreContract.expect;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException.Kind;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.Project;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.tenancy.Team;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.persistence.testing.MutableClock;
import org.junit.Before;
import org.junit.Test;

/**
 * The behaviour every database must give the conversation store. Subclasses name the database; each
 * test works in organisations of its own, so tests share one database per class.
 */
public abstract class ConversationStoreContract {

    private static final String UNKNOWN_SESSION = "0190b3c2-0000-7000-8000-000000000000";

    protected abstract TestDatabase database();

    protected TenancyStore tenancy;
    protected SessionStore sessions;
    protected ConversationStore conversations;
    protected Transactions tx;
    protected MutableClock clock;

    @Before
    public void stores() {
        StudioDatabase db = database().db();
        tenancy = db.tenancy();
        sessions = db.sessions();
        conversations = db.conversations();
        tx = db.transactions();
        clock = database().clock;
        clock.set(TestDatabase.START);
    }

    /** An organisation with team core, users ann and bob, and projects web and api. */
    private String org(String base) {
        String org = StoreContract.newOrgId(base);
        tenancy.createOrganisation(Organisation.of(org, "Org " + org));
        tenancy.createTeam(Team.of(org, "core", "Core"));
        tenancy.createUser(User.of(org, "ann", "ann@example.com", "Ann"));
        tenancy.createUser(User.of(org, "bob", "bob@example.com", "Bob"));
        tenancy.createProject(Project.of(org, "web", "core", "Web"));
        tenancy.createProject(Project.of(org, "api", "core", "API"));
        return org;
    }

    private String session(String org, String projectId) {
        return sessions.create(SessionRecord.of(org, "core", "ann", projectId, SessionKind.INTERACTIVE, null)).id();
    }

    private static ConversationMessage user(String org, String session, String author, String text) {
        return ConversationMessage.user(org, session, null, "turn-1", author, text);
    }

    private static ConversationMessage assistant(String org, String session, String text,
            List<ContentPart.ToolCall> calls) {
        return new ConversationMessage(null, org, session, null, 0, "turn-1", ChatRole.ASSISTANT, "ann", text, calls,
                null, false, "anthropic", "claude-test", 1200, 345, null);
    }

    private static ConversationMessage tool(String org, String session, String callId, String output, boolean error) {
        return new ConversationMessage(null, org, session, null, 0, "turn-1", ChatRole.TOOL, "ann", output, null,
                callId, error, null, null, 0, 0, null);
    }

    private static <T> List<T> all(Function<PageRequest, Page<T>> listing, int pageSize) {
        List<T> items = new ArrayList<>();
        Page<T> page = listing.apply(PageRequest.first(pageSize));
        items.addAll(page.items());
        while (page.hasMore()) {
            page = listing.apply(PageRequest.after(page.nextCursor(), pageSize));
            items.addAll(page.items());
        }
        return items;
    }

    private static List<String> texts(Page<ConversationMessage> page) {
        return page.items().stream().map(ConversationMessage::text).toList();
    }

    private static List<String> sessionIds(List<ConversationSummary> summaries) {
        return summaries.stream().map(ConversationSummary::sessionId).toList();
    }

    // ---------------------------------------------------------------- append and read

    @Test
    public void messagesAreNumberedFromOneAndReadBackAsStored() {
        String org = org("conv");
        String s = session(org, "web");
        ContentPart.ToolCall read = new ContentPart.ToolCall("toolu_01A", "read_file",
                "{\"path\": \"src/Main.java\",\n \"note\": \"say \\\"hi\\\" – Zoë 名前\"}");
        ContentPart.ToolCall run = new ContentPart.ToolCall("call-2", "run", null);

        ConversationMessage m1 = conversations.append(user(org, s, "ann", "  Why does the build fail?\n"));
        clock.advance(Duration.ofSeconds(2));
        ConversationMessage m2 = conversations.append(assistant(org, s, "Let me look.", List.of(read, run)));
        clock.advance(Duration.ofSeconds(2));
        ConversationMessage m3 = conversations.append(tool(org, s, "toolu_01A", "no such file", true));

        assertTrue(m1.id(), StudioIds.isValid(m1.id()));
        assertEquals(List.of(1L, 2L, 3L), List.of(m1.index(), m2.index(), m3.index()));
        assertEquals(3, Set.of(m1.id(), m2.id(), m3.id()).size());
        assertEquals(TestDatabase.START, m1.at());
        assertEquals(TestDatabase.START.plusSeconds(4), m3.at());
        // the text is kept exactly, spaces included; the project is the session's
        assertEquals("  Why does the build fail?\n", m1.text());
        assertEquals("web", m1.projectId());
        assertEquals(ChatRole.USER, m1.role());
        assertEquals("ann", m1.authorId());
        assertEquals("turn-1", m1.turnId());
        assertEquals(List.of(read, new ContentPart.ToolCall("call-2", "run", "{}")), m2.toolCalls());
        assertEquals("anthropic", m2.provider());
        assertEquals("claude-test", m2.model());
        assertEquals(1200, m2.inputTokens());
        assertEquals(345, m2.outputTokens());
        assertEquals("toolu_01A", m3.toolCallId());
        assertTrue(m3.error());
        assertFalse(m2.error());
        assertEquals(List.of(), m1.toolCalls());

        Page<ConversationMessage> page = conversations.messages(org, s, null);
        assertEquals(List.of(m1, m2, m3), page.items());
        assertEquals(3, page.total());
        assertFalse(page.hasMore());
    }

    @Test
    public void theProjectIsTheSessionsAndTimeNeverGoesBackWithinAConversation() {
        String org = org("conv-proj");
        String s = session(org, "web");
        String none = session(org, null);
        assertEquals("web", conversations.append(ConversationMessage.user(org, s, "web", "t", "ann", "ok"))
                .projectId());
        assertMentions(expect(Kind.INVALID, () -> conversations.append(ConversationMessage.user(org, s, "api", "t",
                "ann", "elsewhere"))), "'api'", "'web'");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(ConversationMessage.user(org, none, "web", "t",
                "ann", "elsewhere"))), "'web'", "no project");
        assertNull(conversations.append(user(org, none, "ann", "no project")).projectId());

        clock.advance(Duration.ofMinutes(5));
        Instant later = conversations.append(user(org, s, "ann", "later")).at();
        clock.set(TestDatabase.START);
        ConversationMessage skewed = conversations.append(user(org, s, "ann", "clock went back"));
        assertEquals(3, skewed.index());
        assertEquals(later, skewed.at());
        assertEquals(3, conversations.messages(org, s, null).total());
    }

    @Test
    public void appendInputIsValidatedAndAFailedAppendStoresNothing() {
        String org = org("conv-valid");
        String s = session(org, "web");
        expect(Kind.INVALID, () -> conversations.append(null));
        assertMentions(expect(Kind.INVALID, () -> conversations.append(user("Acme", s, "ann", "x"))), "'Acme'");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(user(org, "not a session", "ann", "x"))),
                "session");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(user(org, s, "Ann!", "x"))), "authorId");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(user(org, s, "ann", "a\u0000b"))), "NUL",
                "position 1");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(assistant(org, s, "x",
                List.of(new ContentPart.ToolCall(" ", "run", null))))), "tool call id");
        assertMentions(expect(Kind.INVALID, () -> conversations.append(new ConversationMessage(null, org, s, null, 0,
                "t", ChatRole.ASSISTANT, "ann", "x", null, null, false, "p".repeat(64), null, 0, 0, null))),
                "provider", "63");
        assertEquals(0, conversations.messages(org, s, null).total());

        // a failure later in the caller's transaction takes the appended messages with it
        expect(Kind.NOT_FOUND, () -> tx.run(() -> {
            conversations.append(user(org, s, "ann", "kept only with the rest"));
            conversations.append(user(org, UNKNOWN_SESSION, "ann", "no such session"));
        }));
        assertEquals(0, conversations.messages(org, s, null).total());
        List<ConversationMessage> both = tx.call(() -> List.of(conversations.append(user(org, s, "ann", "one")),
                conversations.append(user(org, s, "ann", "two"))));
        assertEquals(List.of(1L, 2L), both.stream().map(ConversationMessage::index).toList());
    }

    @Test
    public void anUnknownSessionIsNotFound() {
        String org = org("conv-nf");
        assertMentions(expect(Kind.NOT_FOUND, () -> conversations.append(user(org, UNKNOWN_SESSION, "ann", "hello"))),
                UNKNOWN_SESSION, org);
        assertMentions(expect(Kind.NOT_FOUND, () -> conversations.append(user("no-such-org", UNKNOWN_SESSION, "ann",
                "hello"))), "no-such-org");
        Page<ConversationMessage> none = conversations.messages(org, UNKNOWN_SESSION, null);
        assertEquals(0, none.total());
        assertTrue(none.items().isEmpty());
        assertEquals(0, conversations.messages(org, "Not-An-Id", null).total());
    }

    @Test
    public void aConversationIsPagedOldestFirstWithCursors() {
        String org = org("conv-page");
        String s = session(org, "web");
        String other = session(org, "web");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            expected.add("message " + i);
            conversations.append(user(org, s, "ann", "message " + i));
            conversations.append(user(org, other, "bob", "other " + i));
            clock.advance(Duration.ofMillis(1));
        }
        Page<ConversationMessage> first = conversations.messages(org, s, PageRequest.first(3));
        assertEquals(List.of("message 1", "message 2", "message 3"), texts(first));
        assertEquals(7, first.total());
        assertTrue(first.hasMore());
        Page<ConversationMessage> second = conversations.messages(org, s, PageRequest.after(first.nextCursor(), 3));
        assertEquals(List.of("message 4", "message 5", "message 6"), texts(second));
        assertEquals(7, second.total());

        // a message appended meanwhile comes at the end: nothing is skipped or repeated
        conversations.append(user(org, s, "ann", "message 8"));
        expected.add("message 8");
        assertEquals(expected, all(p -> conversations.messages(org, s, p), 3).stream().map(ConversationMessage::text)
                .toList());
        List<Long> indexes = all(p -> conversations.messages(org, s, p), 2).stream().map(ConversationMessage::index)
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), indexes);

        String searchCursor = conversations.search(org, null, "message", PageRequest.first(1)).nextCursor();
        assertNotNull(searchCursor);
        expect(Kind.INVALID, () -> conversations.messages(org, s, PageRequest.after(searchCursor, 3)));
        expect(Kind.INVALID, () -> conversations.conversations(org, null, PageRequest.after(first.nextCursor(), 3)));
        expect(Kind.INVALID, () -> conversations.messages(org, s, PageRequest.after("garbage", 3)));
    }

    // ---------------------------------------------------------------- conversations

    @Test
    public void conversationsAreSummarisedPerProjectAndOrganisationNewestActivityFirst() {
        String org = org("conv-sum");
        String web1 = session(org, "web");
        String web2 = session(org, "web");
        String api = session(org, "api");
        String loose = session(org, null);
        session(org, "web"); // no messages: no conversation
        String longText = "  Fix   the\nlogin bug: " + "x".repeat(200);

        conversations.append(user(org, web1, "ann", longText));
        clock.advance(Duration.ofMinutes(1));
        conversations.append(assistant(org, web1, "On it.", List.of()));
        clock.advance(Duration.ofMinutes(1));
        // a conversation that an assistant message opens: started by its author, titled by the first user message
        ConversationMessage opening = conversations.append(new ConversationMessage(null, org, web2, null, 0, "t",
                ChatRole.ASSISTANT, "bob", "Welcome back", null, null, false, "offline", "echo", 0, 0, null));
        clock.advance(Duration.ofMinutes(1));
        conversations.append(user(org, web2, "ann", "Add a dark mode"));
        clock.advance(Duration.ofMinutes(1));
        conversations.append(user(org, api, "bob", "Document the endpoints"));
        clock.advance(Duration.ofMinutes(1));
        conversations.append(assistant(org, loose, "Only the assistant spoke", List.of()));
        clock.advance(Duration.ofMinutes(1));
        ConversationMessage last = conversations.append(user(org, web1, "bob", "Any news?"));

        Page<ConversationSummary> page = conversations.conversations(org, null, null);
        assertEquals(List.of(web1, loose, api, web2), sessionIds(page.items()));
        assertEquals(4, page.total());
        ConversationSummary s1 = page.items().get(0);
        assertEquals("web", s1.projectId());
        assertEquals("ann", s1.startedBy());
        assertEquals(("Fix the login bug: " + "x".repeat(200)).substring(0, 120), s1.title());
        assertEquals(3, s1.messages());
        assertEquals(TestDatabase.START, s1.firstAt());
        assertEquals(last.at(), s1.lastAt());
        ConversationSummary s2 = page.items().get(3);
        assertEquals(new ConversationSummary(web2, "web", "bob", "Add a dark mode", 2, opening.at(),
                opening.at().plus(Duration.ofMinutes(1))), s2);
        ConversationSummary looseSummary = page.items().get(1);
        assertNull(looseSummary.projectId());
        assertNull("no user message, no title", looseSummary.title());
        assertEquals("ann", looseSummary.startedBy());

        assertEquals(List.of(web1, web2), sessionIds(conversations.conversations(org, "web", null).items()));
        assertEquals(2, conversations.conversations(org, "web", null).total());
        assertEquals(List.of(api), sessionIds(conversations.conversations(org, "api", null).items()));
        assertEquals(0, conversations.conversations(org, "nothing-here", null).total());
        assertEquals(0, conversations.conversations(org, "Bad Id", null).total());

        assertEquals(List.of(web1, loose, api, web2), sessionIds(all(p -> conversations.conversations(org, null, p),
                1)));
        Page<ConversationSummary> firstOfTwo = conversations.conversations(org, null, PageRequest.first(2));
        assertEquals(List.of(web1, loose), sessionIds(firstOfTwo.items()));
        assertEquals(4, firstOfTwo.total());
        // new activity moves a conversation to the front; the rest continue after the cursor
        clock.advance(Duration.ofMinutes(1));
        conversations.append(user(org, web2, "ann", "still there?"));
        assertEquals(List.of(api), sessionIds(conversations.conversations(org, null,
                PageRequest.after(firstOfTwo.nextCursor(), 2)).items()));
        assertEquals(web2, conversations.conversations(org, null, null).items().get(0).sessionId());
    }

    // ---------------------------------------------------------------- search

    @Test
    public void searchIgnoresCaseTakesWildcardsLiterallyAndListsNewestFirst() {
        String org = org("conv-search");
        String web = session(org, "web");
        String api = session(org, "api");
        ConversationMessage percent = conversations.append(user(org, web, "ann", "Deploy the 100% ready BUILD"));
        clock.advance(Duration.ofSeconds(1));
        conversations.append(user(org, web, "ann", "100 percent ready"));
        clock.advance(Duration.ofSeconds(1));
        ConversationMessage snake = conversations.append(user(org, api, "bob", "Use snake_case names"));
        clock.advance(Duration.ofSeconds(1));
        conversations.append(user(org, api, "bob", "Use snakeXcase names"));
        clock.advance(Duration.ofSeconds(1));
        ConversationMessage path = conversations.append(tool(org, web, "c1", "written to C:\\temp\\new", false));
        clock.advance(Duration.ofSeconds(1));
        conversations.append(tool(org, web, "c2", "written to C:temp", false));
        clock.advance(Duration.ofSeconds(1));
        ConversationMessage bang = conversations.append(user(org, web, "ann", "Wow!! Grüße"));

        assertEquals(List.of(percent), conversations.search(org, null, "100%", null).items());
        assertEquals(List.of(percent), conversations.search(org, null, "deploy THE", null).items());
        assertEquals(List.of(snake), conversations.search(org, null, "E_C", null).items());
        assertEquals(List.of(path), conversations.search(org, null, ":\\temp", null).items());
        assertEquals(List.of(bang), conversations.search(org, null, "w!!", null).items());
        assertEquals(List.of(bang), conversations.search(org, null, "grüße", null).items());
        assertEquals(List.of(), conversations.search(org, null, "%%", null).items());
        assertEquals(List.of(), conversations.search(org, null, "__", null).items());

        Page<ConversationMessage> ready = conversations.search(org, null, "  ready ", null);
        assertEquals(List.of("100 percent ready", "Deploy the 100% ready BUILD"), texts(ready));
        assertEquals(2, ready.total());
        List<String> newestFirst = all(p -> conversations.search(org, null, "use", p), 1).stream()
                .map(ConversationMessage::text).toList();
        assertEquals(List.of("Use snakeXcase names", "Use snake_case names"), newestFirst);
        assertEquals(List.of("written to C:temp", "written to C:\\temp\\new"),
                texts(conversations.search(org, "web", "written", null)));
        assertEquals(0, conversations.search(org, "api", "written", null).total());
        assertEquals(2, conversations.search(org, "api", "SNAKE", null).total());

        for (String tooShort : new String[] {null, "", "   ", "%", " a ", "\n_\n"}) {
            assertMentions(expect(Kind.INVALID, () -> conversations.search(org, null, tooShort, null)),
                    "at least 2 characters");
        }
        assertMentions(expect(Kind.INVALID, () -> conversations.search(org, null, "x", null)), "'x'", "too short");
        assertEquals(0, conversations.search(org, null, "a\u0000b", null).total());
    }

    // ---------------------------------------------------------------- isolation, deletion

    @Test
    public void anOrganisationNeverSeesOrWritesAnotherOnesConversations() {
        String a = org("conv-iso-a");
        String b = org("conv-iso-b");
        String aSession = session(a, "web");
        String bSession = session(b, "web");
        conversations.append(user(a, aSession, "ann", "the secret plan of A"));
        conversations.append(user(b, bSession, "ann", "the public plan of B"));

        expect(Kind.NOT_FOUND, () -> conversations.append(user(b, aSession, "ann", "planted by B")));
        assertEquals(0, conversations.messages(b, aSession, null).total());
        assertTrue(conversations.messages(b, aSession, PageRequest.first(500)).items().isEmpty());
        assertEquals(List.of(bSession), sessionIds(conversations.conversations(b, null, null).items()));
        assertEquals(List.of(bSession), sessionIds(conversations.conversations(b, "web", null).items()));
        assertEquals(0, conversations.search(b, null, "secret", null).total());
        assertEquals(List.of("the public plan of B"), texts(conversations.search(b, null, "plan", null)));
        assertEquals(List.of("the public plan of B"), texts(conversations.search(b, "web", "plan", null)));

        assertEquals(List.of("the secret plan of A"), texts(conversations.messages(a, aSession, null)));
        assertEquals(1, conversations.conversations(a, null, null).items().get(0).messages());
    }

    @Test
    public void deletingAnOrganisationRemovesItsConversations() {
        String org = org("conv-gone");
        String s = session(org, "web");
        conversations.append(user(org, s, "ann", "soon gone"));
        assertTrue(tenancy.deleteOrganisation(org));
        assertEquals(0, conversations.messages(org, s, null).total());
        assertEquals(0, conversations.conversations(org, null, null).total());
        assertEquals(0, conversations.search(org, null, "gone", null).total());
    }

    // ---------------------------------------------------------------- size and concurrency

    @Test
    public void longTextsAndToolArgumentsRoundTripWhole() {
        String org = org("conv-long");
        String s = session(org, "web");
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < 150_000; i++) {
            b.append("line ").append(i).append(": Zoë 名前 😀 \"quoted\" \\ back\tslash\n");
        }
        String text = b.append("needle-at-the-end").toString();
        assertTrue(text.length() > 100_000);
        String arguments = "{\"content\": \"" + "y".repeat(120_000) + "\"}";
        ConversationMessage stored = conversations.append(assistant(org, s, text,
                List.of(new ContentPart.ToolCall("w1", "write_file", arguments))));
        ConversationMessage read = conversations.messages(org, s, null).items().get(0);
        assertEquals(text, read.text());
        assertEquals(arguments, read.toolCalls().get(0).argumentsJson());
        assertEquals(stored, read);
        assertEquals(List.of(stored), conversations.search(org, null, "NEEDLE-AT-THE", null).items());
        assertEquals(1, conversations.search(org, null, "ZOë 名前 😀", null).total());
    }

    @Test
    public void concurrentAppendsToOneSessionGetDistinctConsecutivePositions() throws Exception {
        String org = org("conv-race");
        String s = session(org, "web");
        int threads = 8;
        int each = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int writer = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(conversations.append(user(org, s, "ann", writer + ":" + i)).index());
                    }
                    return mine;
                }));
            }
            go.countDown();
            Set<Long> indexes = new HashSet<>();
            for (Future<List<Long>> f : results) {
                List<Long> mine = f.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue("one writer's messages keep their order: " + mine, mine.get(i) > mine.get(i - 1));
                }
                indexes.addAll(mine);
            }
            assertEquals(threads * each, indexes.size());
            assertEquals(1L, (long) indexes.stream().min(Long::compare).orElseThrow());
            assertEquals(threads * each, (long) indexes.stream().max(Long::compare).orElseThrow());
        } finally {
            pool.shutdownNow();
        }
        List<ConversationMessage> stored = all(p -> conversations.messages(org, s, p), 500);
        assertEquals(threads * each, stored.size());
        Map<String, Integer> next = new TreeMap<>();
        for (int i = 0; i < stored.size(); i++) {
            ConversationMessage m = stored.get(i);
            assertEquals(i + 1, m.index());
            String[] parts = m.text().split(":");
            assertEquals("writer " + parts[0] + " in order", (int) next.getOrDefault(parts[0], 0),
                    Integer.parseInt(parts[1]));
            next.put(parts[0], Integer.parseInt(parts[1]) + 1);
        }
        assertEquals(threads, next.size());
    }
}
