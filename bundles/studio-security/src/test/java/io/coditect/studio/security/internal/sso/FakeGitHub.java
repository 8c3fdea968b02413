package io.coditect.studio.security.internal.sso;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * GitHub's OAuth app endpoints as documented, on 127.0.0.1: the authorize page (which, like a
 * person who already allowed the app, redirects straight back), the token endpoint (form
 * parameters, JSON answer with {@code Accept: application/json}, errors as HTTP 200 with an
 * {@code error} member, PKCE S256 checked) and the REST API's {@code /user} and {@code /user/emails}.
 */
final class FakeGitHub implements AutoCloseable {

    static final String CLIENT_ID = "Iv1.fake-client";
    static final String CLIENT_SECRET = "fake-github-secret-0123456789";

    private record Grant(String redirectUri, String challenge) {
    }

    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    final List<Map<String, String>> tokenRequests = new ArrayList<>();
    volatile boolean refuseApi;
    volatile String userJson = "{\"login\":\"octocat\",\"id\":583231,\"name\":\"The Octocat\"}";
    volatile String emailsJson = "[{\"email\":\"octo@personal.test\",\"primary\":false,\"verified\":true},"
            + "{\"email\":\"octocat@acme.test\",\"primary\":true,\"verified\":true}]";

    FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/login/oauth/authorize", this::authorize);
        server.createContext("/login/oauth/access_token", this::token);
        server.createContext("/user", this::api);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = Browser.query(exchange.getRequestURI());
        if (!CLIENT_ID.equals(q.get("client_id"))) {
            respond(exchange, 404, "text/plain", "unknown client");
            return;
        }
        String code = UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        codes.put(code, new Grant(q.get("redirect_uri"), q.get("code_challenge")));
        exchange.getResponseHeaders().add("Location",
                q.get("redirect_uri") + "?code=" + code + "&state=" + Browser.enc(q.get("state")));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = Browser.query(URI.create("http://form/?"
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        synchronized (tokenRequests) {
            tokenRequests.add(form);
        }
        if (!"application/json".equals(exchange.getRequestHeaders().getFirst("Accept"))) {
            respond(exchange, 200, "application/x-www-form-urlencoded", "error=use_json_please");
            return;
        }
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            error(exchange, "incorrect_client_credentials");
            return;
        }
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            error(exchange, "bad_verification_code");
            return;
        }
        String verifier = form.get("code_verifier");
        if (grant.challenge() != null && (verifier == null || !CodeChallenge.compute(CodeChallengeMethod.S256,
                new CodeVerifier(verifier)).getValue().equals(grant.challenge()))) {
            error(exchange, "bad_verification_code");
            return;
        }
        String token = "gho_" + UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, true);
        respond(exchange, 200, "application/json",
                "{\"access_token\":\"" + token + "\",\"scope\":\"read:user,user:email\",\"token_type\":\"bearer\"}");
    }

    private void api(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (refuseApi || auth == null || !auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))
                || exchange.getRequestHeaders().getFirst("User-Agent") == null) {
            respond(exchange, 401, "application/json", "{\"message\":\"Bad credentials\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/user")) {
            respond(exchange, 200, "application/json", userJson);
        } else if (path.equals("/user/emails")) {
            respond(exchange, 200, "application/json", emailsJson);
        } else {
            respond(exchange, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private static void error(HttpExchange exchange, String code) throws IOException {
        // GitHub answers a refused exchange with 200 and an error member
        respond(exchange, 200, "application/json", "{\"error\":\"" + code + "\",\"error_description\":\"The code"
                + " passed is incorrect or expired.\",\"error_uri\":\"https://docs.github.com/apps\"}");
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
