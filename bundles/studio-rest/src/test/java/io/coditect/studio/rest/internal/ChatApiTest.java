package io.coditect.studio.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.chat.ChatInput;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.ChatTurn;
import io.coditect.studio.api.chat.ConversationMessage;
import io.coditect.studio.api.chat.ConversationSummary;
import io.coditect.studio.api.chat.EventSink;
import io.coditect.studio.api.chat.EventType;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.chat.Subscription;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.ContentPart;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.session.SessionKind;
import io.coditect.studio.api.session.SessionRecord;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.session.SessionState;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.core.internal.chat.EventHub;

/**
 * Chat, conversations and the SDD's chat aliases over real HTTP (CXF on Jetty). The chat and session
 * services are fakes that know session {@code s1} of acme (and {@code busy}, whose turn still runs)
 * and record what they were asked; who may do what is theirs to decide and tested in the core. The
 * events come from the core's real event hub.
 */
public class ChatApiTest {

    /** Guards against a hang only, not a speed check. */
    @Rule
    public final Timeout hangGuard = Timeout.seconds(60);

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final ExecutorService DELIVERY = Executors.newFixedThreadPool(2);
    static final EventHub HUB = new EventHub(Clock.systemUTC(), DELIVERY, 100, 50);
    /** Every call the fakes got: the method name, then its arguments after the caller. */
    static final List<List<Object>> CALLS = new CopyOnWriteArrayList<>();
    /** The fake pages the conversation by two, whatever the limit, so an export must follow the cursors. */
    static final int FAKE_PAGE = 2;

    static final List<ConversationMessage> MESSAGES = List.of(
            message(1, ChatRole.USER, "Please read the `README` and tidy it.", List.of(), null, false, null, null, 0, 0),
            message(2, ChatRole.ASSISTANT, "Let me look first.",
                    List.of(new ContentPart.ToolCall("c1", "read_file", "{\"path\":\"README.md\"}")), null, false,
                    "anthropic", "claude-x", 120, 30),
            message(3, ChatRole.TOOL, "# Readme\n```sh\nmake\n```", List.of(), "c1", false, null, null, 0, 0),
            message(4, ChatRole.ASSISTANT, "",
                    List.of(new ContentPart.ToolCall("c2", "run_command", "{\"command\":[\"rm\",\"-rf\",\"build\"]}")),
                    null, false, "anthropic", "claude-x", 200, 12),
            message(5, ChatRole.TOOL, "refused: deleting needs an approval", List.of(), "c2", true, null, null, 0, 0),
            message(6, ChatRole.ASSISTANT, "I read it; it needs no tidying.", List.of(), null, false, "gemini",
                    "gemini-pro", 260, 9));

    static Server server;
    static String base;

    private static ConversationMessage message(long index, ChatRole role, String text,
            List<ContentPart.ToolCall> calls, String callId, boolean error, String provider, String model, long in,
            long out) {
        return new ConversationMessage("m" + index, "acme", "s1", "site", index, "t1", role, "dev", text, calls, callId,
                error, provider, model, in, out, T0.plusSeconds(index));
    }

    /** Only acme's s1 and busy exist; the rest is "not found", as another organisation's sessions are. */
    private static void known(Caller caller, String org, String session) {
        if (!org.equals(caller.orgId()) || !session.equals("s1") && !session.equals("busy")) {
            throw StoreException.notFound("session '" + session + "' not found in organisation '" + org + "'");
        }
    }

    private static void knownOrg(Caller caller, String org) {
        if (!org.equals(caller.orgId())) {
            throw StoreException.notFound("organisation '" + org + "' not found");
        }
    }

    static final ChatService CHAT = (ChatService) Proxy.newProxyInstance(ChatService.class.getClassLoader(),
            new Class<?>[] {ChatService.class}, (proxy, method, args) -> {
                Caller caller = (Caller) args[0];
                List<Object> call = new ArrayList<>(List.of(method.getName()));
                call.addAll(Arrays.asList(args).subList(1, args.length));
                CALLS.add(Collections.unmodifiableList(call));
                switch (method.getName()) {
                    case "send" -> {
                        known(caller, (String) args[1], (String) args[2]);
                        if (args[2].equals("busy")) {
                            throw StoreException.conflict("a turn of session 'busy' is still running: cancel it or"
                                    + " wait for its DONE event");
                        }
                        return new ChatTurn("t1", (String) args[2], caller.userId(), 7, T0);
                    }
                    case "cancel" -> {
                        known(caller, (String) args[1], (String) args[2]);
                        return args[3].equals("t1");
                    }
                    case "decide" -> {
                        known(caller, (String) args[1], (String) args[2]);
                        if (!args[3].equals("a1")) {
                            throw StoreException.notFound("approval '" + args[3] + "' is not pending in session '"
                                    + args[2] + "'");
                        }
                        return null;
                    }
                    case "conversation" -> {
                        known(caller, (String) args[1], (String) args[2]);
                        PageRequest page = (PageRequest) args[3];
                        int from = page.cursor() == null ? 0 : Integer.parseInt(page.cursor());
                        int to = Math.min(MESSAGES.size(), from + Math.min(FAKE_PAGE, page.limit()));
                        return new Page<>(MESSAGES.subList(from, to), MESSAGES.size(),
                                to < MESSAGES.size() ? String.valueOf(to) : null);
                    }
                    case "conversations" -> {
                        knownOrg(caller, (String) args[1]);
                        return new Page<>(List.of(new ConversationSummary("s1", "site", "dev",
                                "Please read the `README` and tidy it.", MESSAGES.size(), T0.plusSeconds(1),
                                T0.plusSeconds(6))), 1, null);
                    }
                    case "search" -> {
                        knownOrg(caller, (String) args[1]);
                        String text = ((String) args[3]).toLowerCase(Locale.ROOT);
                        List<ConversationMessage> found = new ArrayList<>(MESSAGES.stream()
                                .filter(m -> m.text().toLowerCase(Locale.ROOT).contains(text)).toList());
                        Collections.reverse(found);
                        return new Page<>(found, found.size(), null);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }
            });

    static final SessionRecord S1 = new SessionRecord("s1", "acme", "web", "dev", "site", SessionKind.INTERACTIVE,
            SessionState.RUNNING, "Tidy the README", T0, T0.plusSeconds(6), null);

    static final SessionService SESSIONS = (SessionService) Proxy.newProxyInstance(
            SessionService.class.getClassLoader(), new Class<?>[] {SessionService.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "pools" -> {
                        return List.of();
                    }
                    case "session", "resume" -> {
                        CALLS.add(List.of(method.getName(), args[1], args[2]));
                        known((Caller) args[0], (String) args[1], (String) args[2]);
                        if (args[2].equals("busy")) {
                            throw StoreException.conflict("session 'busy' is a BATCH session: it cannot be resumed");
                        }
                        return S1;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                }
            });

    static final SessionEvents EVENTS = new SessionEvents() {
        @Override
        public Subscription subscribe(Caller caller, String orgId, String sessionId, long afterSeq, EventSink sink) {
            known(caller, orgId, sessionId);
            return HUB.subscribe(sessionId, afterSeq, sink);
        }

        @Override
        public void presence(Caller caller, String orgId, String sessionId, String state) {
            throw new UnsupportedOperationException();
        }
    };

    @BeforeClass
    public static void start() throws Exception {
        String root = ApiServerTest.freeRoot();
        base = root + "/v1";
        server = ApiServerFactory.start(BusFactory.getDefaultBus(), root, new ApiServices(ApiServerTest.PROVIDERS,
                ApiServerTest.STORAGE, ApiServerTest.SANDBOXES, ApiServerTest.ROUTER, ApiServerTest.TOKENS,
                ApiServerTest.unused(TenancyService.class), ApiServerTest.unused(ApiKeyService.class),
                ApiServerTest.unused(SsoLogin.class), ApiServerTest.unused(SigningKeys.class),
                ApiServerTest.unused(UsageService.class), caller -> { }, SESSIONS, EVENTS, CHAT), new OpenStreams());
    }

    @AfterClass
    public static void stop() {
        server.destroy();
        DELIVERY.shutdownNow();
    }

    @Before
    public void forget() {
        CALLS.clear();
    }

    static HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer dev-token");
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return ApiServerTest.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return ApiServerTest.JSON.readTree(r.body());
    }

    /** A problem document with this status whose detail says {@code hint}. */
    static void problem(HttpResponse<String> r, int status, String hint) throws Exception {
        assertEquals(r.body(), status, r.statusCode());
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body(), json(r).get("detail").asText().contains(hint));
    }

    private static List<List<Object>> calls(String method) {
        return CALLS.stream().filter(c -> c.get(0).equals(method)).toList();
    }

    private static String text(String text) throws Exception {
        return ApiServerTest.JSON.writeValueAsString(Map.of("text", text));
    }

    @Test
    public void aMessageStartsATurnAndPointsAtTheSessionsEvents() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/sessions/s1/messages",
                "{\"text\":\"tidy the README\",\"model\":\"anthropic/claude-x\"}");
        assertEquals(r.body(), 202, r.statusCode());
        JsonNode turn = json(r);
        assertEquals(new TreeSet<>(List.of("turnId", "sessionId", "userId", "messageSeq", "startedAt")),
                fieldNames(turn));
        assertEquals("t1", turn.get("turnId").asText());
        assertEquals("s1", turn.get("sessionId").asText());
        assertEquals("dev", turn.get("userId").asText());
        assertEquals(7, turn.get("messageSeq").asLong());
        assertEquals("2026-11-25T09:00:00Z", turn.get("startedAt").asText());
        assertEquals("/api/v1/orgs/acme/sessions/s1/events", r.headers().firstValue("Location").orElse(""));
        assertEquals(List.of("send", "acme", "s1", new ChatInput("tidy the README", ModelRef.of("anthropic",
                "claude-x"))), calls("send").get(0));

        assertEquals(202, send("POST", "/orgs/acme/sessions/s1/messages",
                "{\"text\":\"again\",\"model\":\"gemini\"}").statusCode());
        assertEquals(new ChatInput("again", ModelRef.provider("gemini")), calls("send").get(1).get(3));
        assertEquals(202, send("POST", "/orgs/acme/sessions/s1/messages", "{\"text\":\"any\",\"model\":null}")
                .statusCode());
        assertNull(((ChatInput) calls("send").get(2).get(3)).model());
        // exactly 100,000 characters is allowed, counted as a person counts them
        assertEquals(202, send("POST", "/orgs/acme/sessions/s1/messages", text("é".repeat(100_000))).statusCode());
        assertEquals(202, send("POST", "/orgs/acme/sessions/s1/messages", text("😀".repeat(100_000))).statusCode());

        // the Location is where the answer streams from
        HttpResponse<InputStream> events = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base).resolve(
                r.headers().firstValue("Location").orElseThrow())).header("Authorization", "Bearer dev-token").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, events.statusCode());
        assertEquals("text/event-stream", events.headers().firstValue("Content-Type").orElse(""));
        events.body().close();
    }

    @Test
    public void invalidMessagesAreRefusedBeforeTheServiceSeesThem() throws Exception {
        String path = "/orgs/acme/sessions/s1/messages";
        problem(send("POST", path, "{\"text\":\"\"}"), 400, "'text' is required");
        problem(send("POST", path, "{\"text\":\" \\n \"}"), 400, "'text' is required");
        problem(send("POST", path, "{\"model\":\"gemini\"}"), 400, "'text' is required");
        problem(send("POST", path, text("x".repeat(100_001))), 400, "at most 100,000");
        problem(send("POST", path, text("😀".repeat(100_001))), 400, "has 100001 characters");
        problem(send("POST", path, "{\"text\":\"hi\",\"model\":\"/claude\"}"), 400, "'provider' or 'provider/model'");
        problem(send("POST", path, "{\"text\":\"hi\",\"modle\":\"gemini\"}"), 400, "unknown field 'modle'");
        problem(send("POST", path, "{\"text\":\"hi\",\"model\":{\"provider\":\"gemini\"}}"), 400,
                "The request body is not valid");
        problem(send("POST", path, ""), 400, "needs a JSON body");
        problem(send("POST", path, null), 415, "'Content-Type: application/json'");
        assertEquals(List.of(), calls("send"));
    }

    @Test
    public void failuresOfTheServiceAreProblemsAPersonCanActOn() throws Exception {
        problem(send("POST", "/orgs/acme/sessions/busy/messages", "{\"text\":\"hi\"}"), 409,
                "still running: cancel it");
        problem(send("POST", "/orgs/acme/sessions/nope/messages", "{\"text\":\"hi\"}"), 404,
                "session 'nope' not found");
        problem(send("POST", "/orgs/globex/sessions/s1/messages", "{\"text\":\"hi\"}"), 404,
                "not found in organisation 'globex'");
        problem(send("POST", "/orgs/globex/sessions/s1/turns/t1/cancel", null), 404, "not found");
        problem(send("POST", "/orgs/acme/sessions/s1/approvals/a9", "{\"approve\":true}"), 404,
                "approval 'a9' is not pending");
        problem(send("GET", "/orgs/globex/sessions/s1/conversation", null), 404, "not found");
        problem(send("GET", "/orgs/acme/sessions/nope/conversation/export?format=json", null), 404,
                "session 'nope' not found");
        problem(send("GET", "/orgs/globex/conversations", null), 404, "organisation 'globex' not found");
        problem(send("GET", "/orgs/globex/conversations/search?q=readme", null), 404, "not found");
        problem(send("POST", "/orgs/acme/sessions/busy/resume", null), 409, "cannot be resumed");
        problem(send("POST", "/orgs/globex/sessions/s1/resume", null), 404, "not found");
        problem(send("GET", "/orgs/acme/sessions/s1/conversation?limit=0", null), 400, "1 to 500");
        assertEquals(401, ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/orgs/acme/sessions/s1/messages")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    public void cancelSaysWhetherTheTurnStopped() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/sessions/s1/turns/t1/cancel", null);
        assertEquals(r.body(), 200, r.statusCode());
        assertEquals("{\"cancelled\":true}", r.body());
        r = send("POST", "/orgs/acme/sessions/s1/turns/t9/cancel", null);
        assertEquals(200, r.statusCode());
        assertEquals("{\"cancelled\":false}", r.body());
        assertEquals(List.of(List.of("cancel", "acme", "s1", "t1"), List.of("cancel", "acme", "s1", "t9")),
                calls("cancel"));
    }

    @Test
    public void approvalsAreGrantedOrDeniedWithAReason() throws Exception {
        String path = "/orgs/acme/sessions/s1/approvals/a1";
        HttpResponse<String> r = send("POST", path, "{\"approve\":true}");
        assertEquals(r.body(), 204, r.statusCode());
        assertEquals(204, send("POST", path, "{\"approve\":false,\"reason\":\"not on main\"}").statusCode());
        assertEquals(Arrays.asList("decide", "acme", "s1", "a1", true, null), calls("decide").get(0));
        assertEquals(Arrays.asList("decide", "acme", "s1", "a1", false, "not on main"), calls("decide").get(1));

        problem(send("POST", path, "{}"), 400, "'approve' is required: true to let the tool call run");
        problem(send("POST", path, "{\"reason\":\"why not\"}"), 400, "'approve' is required");
        problem(send("POST", path, "{\"approve\":\"maybe\"}"), 400, "The request body is not valid");
        problem(send("POST", path, "{\"approve\":true,\"approved\":true}"), 400, "unknown field 'approved'");
        problem(send("POST", path, ""), 400, "needs a JSON body");
        assertEquals(2, calls("decide").size());
    }

    @Test
    public void theConversationIsPagedWithEveryFieldOfItsMessages() throws Exception {
        HttpResponse<String> r = send("GET", "/orgs/acme/sessions/s1/conversation?limit=2", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode page = json(r);
        assertEquals(new TreeSet<>(List.of("items", "total", "nextCursor")), fieldNames(page));
        assertEquals(6, page.get("total").asInt());
        assertEquals(2, page.get("items").size());
        JsonNode user = page.get("items").get(0);
        assertEquals(new TreeSet<>(List.of("id", "orgId", "sessionId", "projectId", "index", "turnId", "role",
                "authorId", "text", "toolCalls", "toolCallId", "error", "provider", "model", "inputTokens",
                "outputTokens", "at")), fieldNames(user));
        assertEquals("USER", user.get("role").asText());
        assertEquals("2026-11-25T09:00:01Z", user.get("at").asText());
        JsonNode assistant = page.get("items").get(1);
        assertEquals("ASSISTANT", assistant.get("role").asText());
        assertEquals("anthropic", assistant.get("provider").asText());
        assertEquals(120, assistant.get("inputTokens").asLong());
        JsonNode call = assistant.get("toolCalls").get(0);
        assertEquals(new TreeSet<>(List.of("callId", "toolName", "argumentsJson")), fieldNames(call));
        assertEquals("read_file", call.get("toolName").asText());
        assertEquals("{\"path\":\"README.md\"}", call.get("argumentsJson").asText());

        JsonNode next = json(send("GET", "/orgs/acme/sessions/s1/conversation?limit=2&cursor="
                + page.get("nextCursor").asText(), null));
        JsonNode tool = next.get("items").get(0);
        assertEquals("TOOL", tool.get("role").asText());
        assertEquals("c1", tool.get("toolCallId").asText());
        assertFalse(tool.get("error").asBoolean());
        assertEquals(new PageRequest("2", 2), calls("conversation").get(1).get(3));
    }

    @Test
    public void theJsonExportHoldsTheWholeConversation() throws Exception {
        HttpResponse<String> r = send("GET", "/orgs/acme/sessions/s1/conversation/export?format=JSON", null);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("attachment; filename=\"conversation-s1.json\"",
                r.headers().firstValue("Content-Disposition").orElse(""));
        JsonNode export = json(r);
        assertEquals(new TreeSet<>(List.of("sessionId", "exportedAt", "messages")), fieldNames(export));
        assertEquals("s1", export.get("sessionId").asText());
        Instant exported = Instant.parse(export.get("exportedAt").asText());
        assertTrue(exported.isAfter(Instant.now().minusSeconds(60)));
        JsonNode messages = export.get("messages");
        assertEquals("every page, not just the first", MESSAGES.size(), messages.size());
        for (int i = 0; i < MESSAGES.size(); i++) {
            assertEquals(i + 1, messages.get(i).get("index").asInt());
        }
        assertEquals("run_command", messages.get(3).get("toolCalls").get(0).get("toolName").asText());
        assertTrue(messages.get(4).get("error").asBoolean());
        assertEquals("gemini-pro", messages.get(5).get("model").asText());
        assertEquals(MESSAGES.size() / FAKE_PAGE, calls("conversation").size());
    }

    @Test
    public void theMarkdownExportReadsAsAConversation() throws Exception {
        HttpResponse<String> r = send("GET", "/orgs/acme/sessions/s1/conversation/export", null);
        assertEquals(r.body(), 200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
        assertEquals("attachment; filename=\"conversation-s1.md\"",
                r.headers().firstValue("Content-Disposition").orElse(""));
        String md = r.body();
        assertTrue(md, md.startsWith("# Conversation of session s1\n"));
        assertTrue(md, md.contains("\n## 1. User · dev · 2026-11-25T09:00:01Z\n\nPlease read the `README` and tidy it.\n"));
        assertTrue(md, md.contains("\n## 2. Assistant · turn of dev · 2026-11-25T09:00:02Z\n\n"
                + "_Model anthropic/claude-x, tokens: 120 in, 30 out_\n\nLet me look first.\n\n"
                + "Tool call `read_file` (call `c1`):\n\n```json\n{\"path\":\"README.md\"}\n```\n"));
        // the output holds a fence of its own, so its block needs a longer one
        assertTrue(md, md.contains("\n## 3. Tool output · turn of dev · 2026-11-25T09:00:03Z\n\n"
                + "Tool output of `read_file` (call `c1`):\n\n````text\n# Readme\n```sh\nmake\n```\n````\n"));
        assertTrue(md, md.contains("Tool call `run_command` (call `c2`):\n\n```json\n"
                + "{\"command\":[\"rm\",\"-rf\",\"build\"]}\n```\n"));
        assertTrue(md, md.contains("Tool output of `run_command` (call `c2`), **error**:\n\n```text\n"
                + "refused: deleting needs an approval\n```\n"));
        assertTrue(md, md.contains("_Model gemini/gemini-pro, tokens: 260 in, 9 out_\n\nI read it; it needs no tidying.\n"));
        String named = send("GET", "/orgs/acme/sessions/s1/conversation/export?format=markdown", null).body();
        assertEquals(withoutExportTime(md), withoutExportTime(named));

        problem(send("GET", "/orgs/acme/sessions/s1/conversation/export?format=pdf", null), 400,
                "'format' must be 'markdown' or 'json', not 'pdf'");
    }

    @Test
    public void conversationsAreListedAndSearchedPerProject() throws Exception {
        HttpResponse<String> r = send("GET", "/orgs/acme/conversations?project=site&limit=10", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode page = json(r);
        assertEquals(1, page.get("total").asInt());
        assertTrue(page.get("nextCursor").isNull());
        JsonNode summary = page.get("items").get(0);
        assertEquals(new TreeSet<>(List.of("sessionId", "projectId", "startedBy", "title", "messages", "firstAt",
                "lastAt")), fieldNames(summary));
        assertEquals(6, summary.get("messages").asInt());
        assertEquals("2026-11-25T09:00:06Z", summary.get("lastAt").asText());
        assertEquals(List.of("conversations", "acme", "site", new PageRequest(null, 10)), calls("conversations").get(0));
        assertEquals(200, send("GET", "/orgs/acme/conversations?project=", null).statusCode());
        assertNull(calls("conversations").get(1).get(2));

        r = send("GET", "/orgs/acme/conversations/search?q=READ", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode found = json(r);
        assertEquals(List.of(6, 3, 1), List.of(found.get("items").get(0).get("index").asInt(),
                found.get("items").get(1).get("index").asInt(), found.get("items").get(2).get("index").asInt()));
        assertEquals(Arrays.asList("search", "acme", null, "READ", PageRequest.first()), calls("search").get(0));
        assertEquals(200, send("GET", "/orgs/acme/conversations/search?q=tidy&project=site", null).statusCode());
        assertEquals("site", calls("search").get(1).get(2));

        problem(send("GET", "/orgs/acme/conversations/search", null), 400, "'q' is required");
        problem(send("GET", "/orgs/acme/conversations/search?q=%20%20", null), 400, "'q' is required");
        problem(send("GET", "/orgs/acme/conversations/search?q=a", null), 400, "at least 2 characters");
        assertEquals(2, calls("search").size());
    }

    @Test
    public void resumeAnswersTheSessionAsTheOtherSessionCallsDo() throws Exception {
        HttpResponse<String> r = send("POST", "/orgs/acme/sessions/s1/resume", null);
        assertEquals(r.body(), 200, r.statusCode());
        JsonNode resumed = json(r);
        assertEquals("s1", resumed.get("id").asText());
        assertEquals("RUNNING", resumed.get("state").asText());
        HttpResponse<String> got = send("GET", "/orgs/acme/sessions/s1", null);
        assertEquals(got.body(), 200, got.statusCode());
        assertEquals(json(got), resumed);
        assertEquals(List.of("resume", "acme", "s1"), calls("resume").get(0));
    }

    @Test
    public void theChatAliasSendsInTheCallersOrganisationUnlessNamed() throws Exception {
        HttpResponse<String> r = send("POST", "/chat", "{\"session\":\"s1\",\"text\":\"hello\"}");
        assertEquals(r.body(), 202, r.statusCode());
        assertEquals("t1", json(r).get("turnId").asText());
        assertEquals("/api/v1/orgs/acme/sessions/s1/events", r.headers().firstValue("Location").orElse(""));
        assertEquals(List.of("send", "acme", "s1", new ChatInput("hello", null)), calls("send").get(0));

        assertEquals(202, send("POST", "/chat", "{\"org\":\"acme\",\"session\":\"s1\",\"text\":\"hi\","
                + "\"model\":\"anthropic/claude-x\"}").statusCode());
        assertEquals(List.of("send", "acme", "s1", new ChatInput("hi", ModelRef.of("anthropic", "claude-x"))),
                calls("send").get(1));
        problem(send("POST", "/chat", "{\"org\":\"globex\",\"session\":\"s1\",\"text\":\"hi\"}"), 404,
                "not found in organisation 'globex'");
        assertEquals("globex", calls("send").get(2).get(1));
        problem(send("POST", "/chat", "{\"session\":\"busy\",\"text\":\"hi\"}"), 409, "still running");

        int sent = calls("send").size();
        problem(send("POST", "/chat", "{\"text\":\"hi\"}"), 400, "'session' is required");
        problem(send("POST", "/chat", "{\"session\":\"s1\",\"text\":\"\"}"), 400, "'text' is required");
        problem(send("POST", "/chat", "{\"session\":\"s1\",\"text\":" + ApiServerTest.JSON.writeValueAsString(
                "x".repeat(100_001)) + "}"), 400, "at most 100,000");
        problem(send("POST", "/chat", "{\"session\":\"s1\",\"txt\":\"hi\"}"), 400, "unknown field 'txt'");
        assertEquals(sent, calls("send").size());
    }

    private static HttpResponse<InputStream> stream(String query, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/chat/s1/stream" + query))
                .header("Authorization", "Bearer dev-token");
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return ApiServerTest.HTTP.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    public void theStreamAliasDeliversTheSessionsEventsAndResumes() throws Exception {
        HttpResponse<InputStream> first = stream("", null);
        assertEquals(200, first.statusCode());
        assertEquals("text/event-stream", first.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", first.headers().firstValue("Cache-Control").orElse(""));
        long before = HUB.lastSeq("s1");
        HUB.publish("s1", EventType.USER_MESSAGE, "dev", null, Map.of("text", "hi"));
        HUB.publish("s1", EventType.TURN_STARTED, null, "t1", Map.of("turnId", "t1"));
        assertEquals(List.of("id: " + (before + 1) + "|event: USER_MESSAGE|data",
                "id: " + (before + 2) + "|event: TURN_STARTED|data"), SessionEventsApiTest.read(first, 2));
        first.body().close();

        HUB.publish("s1", EventType.TEXT_DELTA, null, "t1", Map.of("text", "hello"));
        HUB.publish("s1", EventType.DONE, null, "t1", Map.of("reason", "completed"));
        HttpResponse<InputStream> again = stream("?org=acme", String.valueOf(before + 2));
        assertEquals(200, again.statusCode());
        assertEquals(List.of("id: " + (before + 3) + "|event: TEXT_DELTA|data",
                "id: " + (before + 4) + "|event: DONE|data"), SessionEventsApiTest.read(again, 2));
        again.body().close();

        // the same stream as the organisation's path gives, from the same place
        HttpResponse<InputStream> same = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/orgs/acme/sessions/s1/events")).header("Authorization", "Bearer dev-token")
                .header("Last-Event-ID", String.valueOf(before + 3)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(List.of("id: " + (before + 4) + "|event: DONE|data"), SessionEventsApiTest.read(same, 1));
        same.body().close();
        HttpResponse<InputStream> after = stream("?after=" + (before + 3), null);
        assertEquals(List.of("id: " + (before + 4) + "|event: DONE|data"), SessionEventsApiTest.read(after, 1));
        after.body().close();

        HttpResponse<String> bad = ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/chat/s1/stream"))
                .header("Authorization", "Bearer dev-token").header("Last-Event-ID", "yesterday").build(),
                HttpResponse.BodyHandlers.ofString());
        problem(bad, 400, "Last-Event-ID must be the number");
        problem(ApiServerTest.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/chat/s1/stream?org=globex"))
                .header("Authorization", "Bearer dev-token").build(), HttpResponse.BodyHandlers.ofString()), 404,
                "not found in organisation 'globex'");
    }

    @Test
    public void theOpenApiDocumentDescribesTheEventModel() throws Exception {
        JsonNode doc = json(send("GET", "/openapi.json", null));
        JsonNode event = doc.get("components").get("schemas").get("SessionEvent");
        assertEquals("1.1.0", event.get("x-event-model-version").asText());
        assertEquals("1.1.0", doc.get("info").get("x-event-model-version").asText());
        assertEquals(new TreeSet<>(List.of("seq", "sessionId", "type", "at", "actor", "turnId", "data")),
                fieldNames(event.get("properties")));
        List<String> types = new ArrayList<>();
        event.get("properties").get("type").get("enum").forEach(t -> types.add(t.asText()));
        assertEquals(Arrays.stream(EventType.values()).map(Enum::name).toList(), types);
        JsonNode byType = event.get("x-data-by-type");
        assertEquals(new TreeSet<>(types), fieldNames(byType));
        assertEquals(new TreeSet<>(List.of("callId", "output", "error", "truncated")),
                fieldNames(byType.get("TOOL_CALL_RESULT").get("properties")));
        assertEquals("boolean", byType.get("TOOL_CALL_RESULT").get("properties").get("error").get("type").asText());
        JsonNode paths = doc.get("paths");
        assertTrue(paths.get("/v1/orgs/{org}/sessions/{session}/messages").has("post"));
        assertTrue(paths.get("/v1/orgs/{org}/sessions/{session}/approvals/{approval}").has("post"));
        assertTrue(paths.get("/v1/orgs/{org}/sessions/{session}/resume").has("post"));
        assertTrue(paths.get("/v1/chat").has("post"));
        assertTrue(paths.get("/v1/chat/{session}/stream").has("get"));
        assertTrue(paths.get("/v1/orgs/{org}/conversations/search").has("get"));
        JsonNode message = doc.get("components").get("schemas").get("ConversationMessage");
        assertTrue("no ConversationMessage schema", message != null);
        assertTrue(message.get("properties").has("toolCalls"));
    }

    private static String withoutExportTime(String markdown) {
        return markdown.replaceFirst("\nExported [^,\n]+,", "\nExported …,");
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
