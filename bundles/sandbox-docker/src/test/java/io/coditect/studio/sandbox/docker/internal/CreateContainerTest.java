package io.coditect.studio.sandbox.docker.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The API calls of create() against a fake Engine API on loopback (no engine needed): the image is
 * not looked up before the container is created, only after a 404, which then tells a missing image
 * (refused, or pulled and created again) from a 404 about something else.
 */
public class CreateContainerTest {

    private HttpServer server;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** Status of each call, by "METHOD path-without-version" prefix; later entries are used up first. */
    private final Map<String, List<Integer>> answers = new ConcurrentHashMap<>();
    private Path workspace;

    @Before
    public void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        workspace = Files.createTempDirectory("create-test-ws");
    }

    @After
    public void stop() {
        server.stop(0);
        TestPodman.deleteQuietly(workspace);
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath().replaceFirst("^/v[0-9.]+", "");
        x.getRequestBody().readAllBytes();
        String call;
        String body = "";
        int status;
        if (x.getRequestMethod().equals("POST") && path.equals("/containers/create")) {
            call = "create";
            status = next(call, 201);
            body = status == 201 ? "{\"Id\":\"c0ffee\",\"Warnings\":[]}"
                    : "{\"message\":\"no such thing: it went missing\"}";
        } else if (x.getRequestMethod().equals("GET") && path.startsWith("/images/")) {
            call = "inspectImage";
            status = next(call, 200);
            body = status == 200 ? "{\"Id\":\"sha256:ab\"}" : "{\"message\":\"No such image\"}";
        } else if (x.getRequestMethod().equals("POST") && path.equals("/images/create")) {
            call = "pull";
            status = next(call, 200);
            body = "{\"status\":\"Downloaded newer image\"}\n";
        } else if (x.getRequestMethod().equals("POST") && path.endsWith("/start")) {
            call = "start";
            status = next(call, 204);
        } else if (x.getRequestMethod().equals("DELETE") && path.startsWith("/containers/")) {
            call = "remove";
            status = next(call, 204);
        } else {
            call = x.getRequestMethod() + " " + path;
            status = 500;
            body = "{\"message\":\"unexpected call\"}";
        }
        calls.add(call);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private int next(String call, int otherwise) {
        List<Integer> l = answers.get(call);
        synchronized (calls) {
            return l == null || l.isEmpty() ? otherwise : l.remove(0);
        }
    }

    private DockerSandboxDriver driver(PullPolicy pull) {
        return new DockerSandboxDriver(new DriverSettings("tcp://127.0.0.1:" + server.getAddress().getPort(),
                "localhost/img:1", "", "1000:1000", "", pull, false, List.of(), null));
    }

    private SandboxSpec spec() {
        return new SandboxSpec(null, workspace, new ResourceLimits(1000, 64L << 20, 0, 32), NetworkPolicy.NONE,
                List.of(), Map.of());
    }

    @Test
    public void createsAndStartsWithoutLookingTheImageUpFirst() {
        try (DockerSandboxDriver d = driver(PullPolicy.NEVER)) {
            Sandbox s = d.create(spec());
            assertEquals("c0ffee", ((DockerSandbox) s).containerId());
            assertEquals(List.of("create", "start"), List.copyOf(calls));
        }
    }

    @Test
    public void missingImageWithPullPolicyNeverIsRefused() {
        answers.put("create", new ArrayList<>(List.of(404)));
        answers.put("inspectImage", new ArrayList<>(List.of(404)));
        try (DockerSandboxDriver d = driver(PullPolicy.NEVER)) {
            SandboxException e = assertThrows(SandboxException.class, () -> d.create(spec()));
            assertEquals(SandboxException.Kind.INVALID_SPEC, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("pullPolicy"));
            assertEquals(List.of("create", "inspectImage"), List.copyOf(calls));
        }
    }

    @Test
    public void missingImageIsPulledThenTheContainerCreatedAgain() {
        answers.put("create", new ArrayList<>(List.of(404)));
        answers.put("inspectImage", new ArrayList<>(List.of(404)));
        try (DockerSandboxDriver d = driver(PullPolicy.IF_MISSING)) {
            d.create(spec());
            assertEquals(List.of("create", "inspectImage", "pull", "create", "start"), List.copyOf(calls));
        }
    }

    @Test
    public void notFoundAboutSomethingElseIsNotAMissingImage() {
        answers.put("create", new ArrayList<>(List.of(404)));
        try (DockerSandboxDriver d = driver(PullPolicy.IF_MISSING)) {
            SandboxException e = assertThrows(SandboxException.class, () -> d.create(spec()));
            assertEquals(e.getMessage(), SandboxException.Kind.FAILED, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("it went missing"));
            assertFalse(e.getMessage(), e.getMessage().contains("pullPolicy"));
            assertEquals("no pull, no second create", List.of("create", "inspectImage"), List.copyOf(calls));
            assertTrue(d.sandboxes().isEmpty());
        }
    }
}
