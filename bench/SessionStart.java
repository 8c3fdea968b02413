import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Through the studio's HTTP API, as a browser would: open a session (warm pool) → run `echo hi` →
 * first line of output; and listing a 10,000-file project tree. Run by bench/session-start.sh
 * against a running assembly.
 */
public class SessionStart {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String base;
    static String token;

    public static void main(String[] args) throws Exception {
        base = args[0] + "/api/v1/orgs/default";
        token = args[1];
        int runs = Integer.parseInt(args[2]);
        call("POST", "/teams", "{\"id\":\"bench\",\"name\":\"Bench\"}", 201, 409);
        call("POST", "/projects", "{\"id\":\"bench\",\"teamId\":\"bench\",\"name\":\"Bench\"}", 201, 409);

        for (int i = 0; i < 5; i++) {
            startToFirstOutput();
        }
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = startToFirstOutput();
            Thread.sleep(100); // sessions arrive one after another, not in a burst
        }
        print("session start → first output", ms);
        System.out.println("pool: " + field(call("GET", "/../../health", null, 200), "sandboxPools"));

        String session = open();
        long t = System.nanoTime();
        exec(session, "[\"sh\",\"-c\",\"cd project && for d in $(seq 0 99); do mkdir d$d; for f in $(seq 0 99);"
                + " do echo $d $f > d$d/f$f.txt; done; done\"]", false);
        System.out.printf("created 10,000 files in the sandbox in %d ms%n", (System.nanoTime() - t) / 1_000_000);
        long[] list = new long[Math.max(runs, 30)];
        String body = "";
        for (int i = -5; i < list.length; i++) {
            long t0 = System.nanoTime();
            body = call("GET", "/sessions/" + session + "/files?path=project&recursive=true&limit=20000", null, 200);
            if (i >= 0) {
                list[i] = (System.nanoTime() - t0) / 1_000;
            }
        }
        int entries = body.split("\"path\"", -1).length - 2; // minus the listing's own path
        System.out.printf("listing: %d entries, %d bytes of JSON%n", entries, body.length());
        print("10k-file tree listing", list);
        call("DELETE", "/sessions/" + session, null, 200);
    }

    static long startToFirstOutput() throws Exception {
        long t0 = System.nanoTime();
        String session = open();
        exec(session, "[\"echo\",\"hi\"]", true);
        long ms = (System.nanoTime() - t0) / 1_000;
        call("DELETE", "/sessions/" + session, null, 200);
        return ms;
    }

    static String open() throws Exception {
        return field(call("POST", "/sessions", "{\"projectId\":\"bench\",\"kind\":\"INTERACTIVE\"}", 201), "id");
    }

    /** Runs a command; returns at the first output line when {@code firstLine}, else at its end. */
    static void exec(String session, String argv, boolean firstLine) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(request("POST", "/sessions/" + session + "/exec",
                "{\"command\":" + argv + ",\"timeoutSeconds\":300}"), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("exec: " + r.statusCode() + " " + in.readLine());
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (firstLine && line.contains("\"stdout\"")) {
                    return;
                }
                if (line.contains("\"exitCode\"") && !line.contains("\"exitCode\":0")) {
                    throw new IllegalStateException("command failed: " + line);
                }
            }
        }
    }

    static HttpRequest request(String method, String path, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path).normalize())
                .header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static String call(String method, String path, String json, int... ok) throws Exception {
        HttpResponse<String> r = HTTP.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
        if (Arrays.stream(ok).noneMatch(c -> c == r.statusCode())) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"([^\"]*)\"|\\[[^\\]]*\\])").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static void print(String name, long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        System.out.printf("%-30s runs=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", name, s.length,
                at(s, 0.50) / 1000.0, at(s, 0.90) / 1000.0, at(s, 0.99) / 1000.0, s[s.length - 1] / 1000.0);
    }

    static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
