package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the person's browser does between begin and complete: opens the authorization URL and
 * comes back with the redirect's query (code and state, or error).
 */
final class Browser {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** The query parameters of the redirect the provider answers the authorization URL with. */
    Map<String, String> authorize(URI authorizationUri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(authorizationUri)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("the provider redirects back: " + response.body(), 302, response.statusCode());
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        return query(location);
    }

    HttpResponse<String> post(URI uri, String form, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(name, value);
            }
        }
        return params;
    }

    /** {@code uri} with query parameter {@code name} set to {@code value}. */
    static URI withParameter(URI uri, String name, String value) {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, String> p : query(uri).entrySet()) {
            q.append(q.length() == 0 ? "" : "&").append(enc(p.getKey())).append('=')
                    .append(enc(p.getKey().equals(name) ? value : p.getValue()));
        }
        String s = uri.toString();
        return URI.create(s.substring(0, s.indexOf('?') + 1) + q);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
