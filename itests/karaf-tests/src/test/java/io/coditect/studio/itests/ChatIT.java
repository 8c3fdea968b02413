package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.Configuration;
import org.osgi.service.http.HttpService;

import com.fasterxml.jackson.databind.JsonNode;

import io.coditect.studio.api.registry.ProviderRegistry;

/**
 * Issue 6 end to end: chat turns through the REST API with the offline provider and a vendor fake,
 * the agent's tools in the process sandbox (bubblewrap), events to an SSE and a WebSocket client.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChatIT extends StudioTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    HttpService http;

    @Inject
    ProviderRegistry providers;

    private String session;

    private String openSession(String project) throws Exception {
        if (get("/orgs/default/teams/chat").statusCode() == 404) {
            assertEquals(201, post("/orgs/default/teams", "{\"id\":\"chat\",\"name\":\"Chat\"}").statusCode());
        }
        assertEquals(201, post("/orgs/default/projects", "{\"id\":\"" + project + "\",\"teamId\":\"chat\","
                + "\"name\":\"" + project + "\"}").statusCode());
        HttpResponse<String> opened = post("/orgs/default/sessions", "{\"projectId\":\"" + project + "\"}");
        assertEquals(opened.body(), 201, opened.statusCode());
        session = JSON.readTree(opened.body()).get("id").asText();
        return session;
    }

    private JsonNode say(String text, String model) throws Exception {
        String body = JSON.writeValueAsString(model == null ? java.util.Map.of("text", text)
                : java.util.Map.of("text", text, "model", model));
        HttpResponse<String> r = post("/orgs/default/sessions/" + session + "/messages", body);
        assertEquals(r.body(), 202, r.statusCode());
        return JSON.readTree(r.body());
    }

    private EventStreams.Client sse(long after) throws Exception {
        return EventStreams.sse(api("/chat/" + session + "/stream?org=default"), adminToken(), after);
    }

    private EventStreams.Client ws() throws Exception {
        return EventStreams.ws("ws://127.0.0.1:" + getHttpPort() + "/ws?org=default&session=" + session,
                adminToken());
    }

    private static JsonNode first(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + EventStreams.types(events)));
    }

    @Test
    public void aTurnWithTwoToolsStreamsToTwoClientsAndIsKept() throws Exception {
        openSession("notes");
        try (EventStreams.Client browser = sse(0); EventStreams.Client other = ws()) {
            JsonNode turn = say("Please write the notes, then show them.\n"
                    + "/tool write_file {\"path\":\"notes.txt\",\"content\":\"hello from the agent\\n\"}\n"
                    + "/tool run_command {\"command\":\"cat notes.txt; echo in $(pwd); exit 4\"}", null);
            String turnId = turn.get("turnId").asText();
            List<JsonNode> a = browser.until(EventStreams.done(turnId), WAIT);
            List<JsonNode> b = other.until(EventStreams.done(turnId), WAIT);

            // both see the same events in the same order
            assertEquals(EventStreams.types(a), EventStreams.types(b));
            assertEquals("USER_MESSAGE", a.get(0).get("type").asText());
            assertEquals(turn.get("messageSeq").asLong(), a.get(0).get("seq").asLong());
            assertEquals("offline", first(a, "TURN_STARTED").at("/data/provider").asText());
            List<JsonNode> results = a.stream().filter(e -> "TOOL_CALL_RESULT".equals(e.path("type").asText()))
                    .collect(Collectors.toList());
            assertEquals(2, results.size());
            assertEquals("write_file", results.get(0).at("/data/tool").asText());
            String output = results.get(1).at("/data/output").asText();
            // run for real in bubblewrap, in the project folder, with the file the first call wrote
            assertTrue(output, output.contains("hello from the agent") && output.contains("in /home/dev/project"));
            assertTrue(output, output.endsWith("[exit code 4]"));
            assertTrue(results.get(1).at("/data/error").asBoolean());
            assertTrue(EventStreams.types(a).toString(), first(a, "CHECKPOINT_CREATED").at("/data/checkpointId")
                    .asText().length() > 0);
            assertEquals("completed", a.get(a.size() - 1).at("/data/reason").asText());

            // a client that reconnects after any event misses nothing and sees nothing twice
            long middle = results.get(0).get("seq").asLong();
            try (EventStreams.Client back = sse(middle)) {
                List<JsonNode> rest = back.until(EventStreams.done(turnId), WAIT);
                List<String> expected = EventStreams.types(a.stream().filter(e -> e.get("seq").asLong() > middle)
                        .collect(Collectors.toList()));
                assertEquals(expected, EventStreams.types(rest));
            }
        }

        // kept: the conversation, the file, the checkpoint; searchable and exportable
        JsonNode conversation = getJson("/orgs/default/sessions/" + session + "/conversation");
        List<String> roles = new java.util.ArrayList<>();
        conversation.get("items").forEach(m -> roles.add(m.get("role").asText()));
        assertEquals(List.of("USER", "ASSISTANT", "TOOL", "TOOL", "ASSISTANT"), roles);
        assertTrue(conversation.toString(), conversation.at("/items/2/text").asText().contains("trust=\"untrusted\""));
        assertEquals("hello from the agent\n", get("/orgs/default/sessions/" + session + "/files/project/notes.txt")
                .body());
        assertEquals(1, getJson("/orgs/default/sessions/" + session + "/checkpoints").get("items").size());
        JsonNode found = getJson("/orgs/default/conversations/search?q="
                + URLEncoder.encode("WRITE THE NOTES", StandardCharsets.UTF_8) + "&project=notes");
        assertEquals(found.toString(), 1, found.get("items").size());
        assertEquals(1, getJson("/orgs/default/conversations?project=notes").get("items").size());
        String markdown = get("/orgs/default/sessions/" + session + "/conversation/export?format=markdown").body();
        assertTrue(markdown, markdown.contains("run_command") && markdown.contains("hello from the agent"));
    }

    @Test
    public void anApprovalACancelAndAFallbackMidConversation() throws Exception {
        openSession("risky");
        try (EventStreams.Client watcher = sse(0)) {
            // deleting a file waits for a person (the default policy)
            String t1 = say("/tool run_command {\"command\":\"touch old.txt && rm old.txt && echo removed\"}", null)
                    .get("turnId").asText();
            JsonNode asked = watcher.await("APPROVAL_REQUESTED", WAIT);
            assertEquals("the command deletes files", asked.at("/data/reason").asText());
            HttpResponse<String> busy = post("/orgs/default/sessions/" + session + "/messages", "{\"text\":\"more\"}");
            assertEquals(busy.body(), 409, busy.statusCode());
            HttpResponse<String> granted = post("/orgs/default/sessions/" + session + "/approvals/"
                    + asked.at("/data/approvalId").asText(), "{\"approve\":true}");
            assertEquals(granted.body(), 204, granted.statusCode());
            List<JsonNode> rest = watcher.until(EventStreams.done(t1), WAIT);
            assertEquals("APPROVAL_GRANTED", rest.get(0).get("type").asText());
            assertTrue(first(rest, "TOOL_CALL_RESULT").at("/data/output").asText().contains("removed"));

            // a cancel stops a running command and ends the turn at once
            String t2 = say("/tool run_command {\"command\":\"sleep 120\"}", null).get("turnId").asText();
            watcher.await("TOOL_CALL_STARTED", WAIT);
            Thread.sleep(500);
            long before = System.nanoTime();
            HttpResponse<String> cancelled = post("/orgs/default/sessions/" + session + "/turns/" + t2 + "/cancel",
                    "{}");
            assertEquals(cancelled.body(), 200, cancelled.statusCode());
            assertTrue(cancelled.body(), JSON.readTree(cancelled.body()).get("cancelled").asBoolean());
            List<JsonNode> ended = watcher.until(EventStreams.done(t2), WAIT);
            assertTrue("the sleep was stopped", System.nanoTime() - before < Duration.ofSeconds(60).toNanos());
            assertEquals("cancelled", ended.get(ended.size() - 1).at("/data/reason").asText());

            // a vendor answers the next turn; it goes down and the one after falls back to offline
            FakeChatCompletions vendor = new FakeChatCompletions();
            http.registerServlet("/fake-vendor/v1", vendor, named("fake-vendor"), null);
            featureService.installFeature("studio-provider-openai-compatible",
                    EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
            Configuration config = configurationAdmin.getFactoryConfiguration(
                    "io.coditect.studio.provider.openai.compatible", "vendor", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("id", "vendor");
            props.put("baseUrl", "http://127.0.0.1:" + getHttpPort() + "/fake-vendor/v1");
            props.put("models", new String[] {"fake-model|Fake model|CHAT,TOOLS|8192||"});
            config.update(props);
            try {
                assertTrue(eventually(WAIT, () -> providers.get("vendor").isPresent()));
                String t3 = say("hello vendor", "vendor/fake-model").get("turnId").asText();
                List<JsonNode> byVendor = watcher.until(EventStreams.done(t3), WAIT);
                assertEquals("vendor", first(byVendor, "TURN_STARTED").at("/data/provider").asText());
                assertEquals("completed", byVendor.get(byVendor.size() - 1).at("/data/reason").asText());

                vendor.down = true;
                String t4 = say("are you still there?", "vendor/fake-model").get("turnId").asText();
                List<JsonNode> fellBack = watcher.until(EventStreams.done(t4), WAIT);
                JsonNode switched = first(fellBack, "PROVIDER_SWITCHED");
                assertTrue(switched.toString(), switched.at("/data/from").asText().startsWith("vendor"));
                assertEquals("offline", first(fellBack, "TURN_STARTED").at("/data/provider").asText());
                assertEquals("completed", fellBack.get(fellBack.size() - 1).at("/data/reason").asText());
            } finally {
                config.delete();
                http.unregister("/fake-vendor/v1");
            }
        }
        JsonNode conversation = getJson("/orgs/default/sessions/" + session + "/conversation?limit=100");
        assertTrue(conversation.toString(), conversation.toString().contains("Hello from the fake"));
    }

    private static Hashtable<String, String> named(String name) {
        Hashtable<String, String> init = new Hashtable<>();
        init.put("servlet-name", name);
        return init;
    }
}
