package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
