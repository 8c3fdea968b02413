package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.fasterxml.jackson.databind.JsonNode;

/** A session on the default sandbox driver (bubblewrap) through the API, end to end. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SessionIT extends StudioTestSupport {

    @Test
    public void openRunAndStopASessionOnTheProcessSandbox() throws Exception {
        assertEquals(201, post("/orgs/default/teams", "{\"id\":\"core\",\"name\":\"Core\"}").statusCode());
        assertEquals(201, post("/orgs/default/projects", "{\"id\":\"demo\",\"teamId\":\"core\",\"name\":\"Demo\"}")
                .statusCode());
        HttpResponse<String> opened = post("/orgs/default/sessions", "{\"projectId\":\"demo\",\"title\":\"itest\"}");
        assertEquals(opened.body(), 201, opened.statusCode());
        JsonNode session = JSON.readTree(opened.body());
        assertEquals("RUNNING", session.get("state").asText());
        String id = session.get("id").asText();

        HttpResponse<String> exec = post("/orgs/default/sessions/" + id + "/exec",
                "{\"command\":[\"sh\",\"-c\",\"echo hello from $HOME; cat; echo oops >&2; exit 3\"],"
                        + "\"stdin\":\"typed in\\n\"}");
        assertEquals(exec.body(), 200, exec.statusCode());
        assertEquals("application/x-ndjson", exec.headers().firstValue("Content-Type").orElse(""));
        String out = exec.body();
        assertTrue(out, out.contains("\"stream\":\"stdout\"") && out.contains("hello from /home/dev"));
        assertTrue(out, out.contains("typed in"));
        assertTrue(out, out.contains("\"stream\":\"stderr\"") && out.contains("oops"));
        String[] lines = out.strip().split("\n");
        JsonNode last = JSON.readTree(lines[lines.length - 1]);
        assertEquals(3, last.get("exitCode").asInt());
        assertEquals("EXITED", last.get("termination").asText());

        // the session's live stream over SSE: a presence event, then a reconnect after it misses nothing
        HttpResponse<java.io.InputStream> sse = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api("/orgs/default/sessions/" + id + "/events"))).header("Authorization", "Bearer "
                        + adminToken()).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        assertEquals(204, post("/orgs/default/sessions/" + id + "/presence", "{\"state\":\"typing\"}").statusCode());
        java.io.BufferedReader stream = new java.io.BufferedReader(new java.io.InputStreamReader(sse.body()));
        String line;
        StringBuilder frame = new StringBuilder();
        while ((line = stream.readLine()) != null && !line.startsWith("data:")) {
            frame.append(line).append('\n');
        }
        sse.body().close();
        java.util.regex.Matcher firstId = java.util.regex.Pattern.compile("id: (\\d+)\nevent: PRESENCE").matcher(frame);
        assertTrue(frame.toString(), firstId.find());
        long first = Long.parseLong(firstId.group(1));
        // a stream made now numbers above every earlier one (its start in milliseconds x 1,000)
        assertTrue(frame.toString(), first > 1_700_000_000_000_000L);
        assertTrue(line, line.contains("\"state\":\"typing\"") && line.contains("\"user\":\"admin\""));
        assertEquals(400, post("/orgs/default/sessions/" + id + "/presence", "{\"state\":\"dancing\"}").statusCode());

        // the same stream over the WebSocket, both ways: presence sent on it comes back as an event
        java.util.concurrent.BlockingQueue<String> frames = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + adminToken())
                .buildAsync(URI.create("ws://127.0.0.1:" + getHttpPort() + "/ws?org=default&session=" + id + "&after=" + first),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket,
                                    CharSequence data, boolean last) {
                                frames.add(data.toString());
                                socket.request(1);
                                return null;
                            }
                        }).get(30, java.util.concurrent.TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"presence\",\"state\":\"watching\"}", true);
        String wsFrame = frames.poll(30, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(String.valueOf(wsFrame), wsFrame != null && wsFrame.contains("\"seq\":" + (first + 1)) && wsFrame.contains("watching"));
        ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done").get(10, java.util.concurrent.TimeUnit.SECONDS);

        HttpResponse<String> stopped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(api("/orgs/default/sessions/" + id))).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken()).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(stopped.body(), 200, stopped.statusCode());
        assertEquals("STOPPED", JSON.readTree(stopped.body()).get("state").asText());
        HttpResponse<String> after = post("/orgs/default/sessions/" + id + "/exec", "{\"command\":[\"true\"]}");
        assertEquals(after.body(), 409, after.statusCode());
        assertEquals(404, get("/orgs/default/sessions/00000000-0000-7000-8000-000000000000").statusCode());
    }

    @Test
    public void filesCheckpointsAndRestoreThroughTheApiAndTheShell() throws Exception {
        post("/orgs/default/teams", "{\"id\":\"lab\",\"name\":\"Lab\"}");
        assertEquals(201, post("/orgs/default/projects", "{\"id\":\"notes\",\"teamId\":\"lab\",\"name\":\"Notes\"}")
                .statusCode());
        String id = JSON.readTree(post("/orgs/default/sessions", "{\"projectId\":\"notes\"}").body()).get("id").asText();
        String files = "/orgs/default/sessions/" + id + "/files";

        assertEquals(200, send("PUT", files + "/project/README.md", "text/markdown", "# Notes\n".getBytes()).statusCode());
        assertEquals(200, send("PUT", files + "/project/.gitignore", "text/plain", "*.log\n".getBytes()).statusCode());
        byte[] binary = new byte[300_000];
        new java.util.Random(7).nextBytes(binary);
        assertEquals(200, send("PUT", files + "/project/data/blob.bin", "application/octet-stream", binary)
                .statusCode());
        post("/orgs/default/sessions/" + id + "/exec", "{\"command\":[\"sh\",\"-c\",\"echo noise > project/run.log;"
                + " echo made in the sandbox > project/made.txt\"]}");
        JsonNode listing = getJson(files + "?path=project&recursive=true");
        assertEquals(listing.toString(), "[\".gitignore\",\"README.md\",\"data\",\"data/blob.bin\",\"made.txt\",\"run.log\"]",
                paths(listing));
        assertEquals("made in the sandbox\n", send("GET", files + "/project/made.txt", null, null).body());
        assertEquals(400, send("GET", files + "/../../etc/passwd", null, null).statusCode());

        HttpResponse<String> first = post("/orgs/default/sessions/" + id + "/checkpoints", "{\"message\":\"first notes\"}");
        assertEquals(first.body(), 201, first.statusCode());
        JsonNode cp1 = JSON.readTree(first.body());
        JsonNode commit = getJson("/orgs/default/checkpoints/" + cp1.get("id").asText());
        assertEquals("first notes", commit.get("message").asText().strip());
        assertTrue(commit.toString(), !commit.toString().contains("run.log")); // ignored by .gitignore
        assertTrue(commit.toString(), commit.toString().contains("data/blob.bin"));
        assertEquals(204, post("/orgs/default/sessions/" + id + "/checkpoints", "{}").statusCode()); // nothing changed

        assertEquals(200, send("PUT", files + "/project/README.md", "text/markdown", "# Notes, v2\n".getBytes()).statusCode());
        assertEquals(204, send("DELETE", files + "/project/made.txt", null, null).statusCode());
        String shell = executeCommand("studio:checkpoint default " + id + " \"second notes\"");
        assertTrue(shell, shell.contains("Checkpoint "));
        String diff = send("GET", "/orgs/default/checkpoints/" + JSON.readTree(get("/orgs/default/sessions/" + id
                + "/checkpoints").body()).get("items").get(0).get("id").asText() + "/diff", null, null).body();
        assertTrue(diff, diff.contains("-# Notes") && diff.contains("+# Notes, v2") && diff.contains("made.txt"));

        HttpResponse<String> restored = post("/orgs/default/sessions/" + id + "/restore",
                "{\"checkpointId\":\"" + cp1.get("id").asText() + "\"}");
        assertEquals(restored.body(), 200, restored.statusCode());
        assertEquals("# Notes\n", send("GET", files + "/project/README.md", null, null).body());
        assertEquals("made in the sandbox\n", send("GET", files + "/project/made.txt", null, null).body());
        assertEquals(2, getJson("/orgs/default/checkpoints?project=notes").get("total").asInt());

        String run = executeCommand("studio:exec default " + id + " cat project/README.md");
        assertTrue(run, run.contains("# Notes") && run.contains("[exit 0"));
        String listed = executeCommand("studio:sessions --running default");
        assertTrue(listed, listed.contains(id) && listed.contains("Warm pool of driver process"));
        assertTrue(getJson("/health").get("sandboxPools").size() > 0);
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + getHttpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(metrics.body(), 200, metrics.statusCode());
        assertTrue(metrics.body(), metrics.body().contains("studio_sandbox_pool_idle{driver=\"process\""));

        // the history in storage is a repository git itself accepts
        assertEquals(200, send("DELETE", "/orgs/default/sessions/" + id, null, null).statusCode());
        Path repo = Path.of(System.getProperty("karaf.data"), "storage", "default", "teams", "lab", "users", "admin",
                "history", "notes");
        Process fsck = new ProcessBuilder("git", "--git-dir", repo.toString(), "fsck", "--full", "--strict")
                .redirectErrorStream(true).start();
        String fsckOut = new String(fsck.getInputStream().readAllBytes());
        assertEquals(fsckOut, 0, fsck.waitFor());
        // and the stopped session's work is in storage for the next one
        String next = JSON.readTree(post("/orgs/default/sessions", "{\"projectId\":\"notes\"}").body()).get("id").asText();
        assertEquals("# Notes\n", send("GET", "/orgs/default/sessions/" + next + "/files/project/README.md", null, null)
                .body());
    }

    @Test
    public void aBatchSessionRunsItsTaskAndEndsWithIt() throws Exception {
        post("/orgs/default/teams", "{\"id\":\"ops\",\"name\":\"Ops\"}");
        post("/orgs/default/projects", "{\"id\":\"build\",\"teamId\":\"ops\",\"name\":\"Build\"}");
        assertEquals(400, post("/orgs/default/sessions", "{\"projectId\":\"build\",\"kind\":\"BATCH\"}").statusCode());
        HttpResponse<String> started = post("/orgs/default/sessions", "{\"projectId\":\"build\",\"kind\":\"BATCH\","
                + "\"command\":[\"sh\",\"-c\",\"echo artefact > project/out.txt; echo building; exit 0\"]}");
        assertEquals(started.body(), 201, started.statusCode());
        String id = JSON.readTree(started.body()).get("id").asText();
        assertTrue(eventually(Duration.ofSeconds(60), () -> {
            try {
                return getJson("/orgs/default/sessions/" + id).get("state").asText().equals("STOPPED");
            } catch (Exception e) {
                return false;
            }
        }));
        String log = send("GET", "/orgs/default/sessions/" + id + "/log", null, null).body();
        assertTrue(log, log.contains("building") && log.contains("[task exited 0"));
        Path out = Path.of(System.getProperty("karaf.data"), "storage", "default", "teams", "ops", "users", "admin",
                "projects", "build", "out.txt");
        assertEquals("artefact\n", java.nio.file.Files.readString(out));
    }

    private static String paths(JsonNode listing) {
        java.util.List<String> out = new java.util.ArrayList<>();
        listing.get("entries").forEach(e -> out.add(e.get("path").asText().substring("project/".length())));
        return JSON.valueToTree(out).toString();
    }
}
