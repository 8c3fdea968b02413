import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * Issue 8's targets against a running studio (bench/plugin-install.sh starts one):
 * (1) upload of the SDK's example plugin jar -> a provider the router can pick, median over N runs,
 * with its configuration already present (it survives uninstall) and with the configuration
 * created after the upload; (2) 20 install/uninstall cycles while 50 concurrent streams run on
 * another provider (openai-compatible against a local slow chat-completions fake), counting failed
 * requests.
 * Usage: java PluginInstall.java <studio port> <token> <example jar> [runs=10] [cycles=20] [streams=50]
 */
public class PluginInstall {

    static final Pattern BUNDLE_ID = Pattern.compile("\"bundleId\":(\\d+)");
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String api;
    static String token;

    public static void main(String[] args) throws Exception {
        api = "http://127.0.0.1:" + args[0] + "/api/v1";
        token = args[1];
        byte[] jar = Files.readAllBytes(Path.of(args[2]));
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int cycles = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        int streams = args.length > 5 ? Integer.parseInt(args[5]) : 50;

        HttpServer fake = slowChatCompletions();
        try {
            otherProvider(fake.getAddress().getPort());
            uploadToRoutable(jar, runs);
            cyclesUnderLoad(jar, cycles, streams);
        } finally {
            fake.stop(0);
        }
    }

    /** A vendor fake: every answer is 4 pieces 250 ms apart, so a stream lasts about a second. */
    static HttpServer slowChatCompletions() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        // daemon threads: the fake must not keep the program alive once the figures are printed
        server.setExecutor(Executors.newFixedThreadPool(128, r -> {
            Thread t = new Thread(r, "fake-chat-completions");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/v1/chat/completions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : new String[] {"OK", " from", " the", " fake"}) {
                    Thread.sleep(250);
                    out.write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"" + piece + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                out.write(("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                        + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"id\":\"c1\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":4,\"total_tokens\":11}}\n\n"
                        + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
        return server;
    }

    static void otherProvider(int fakePort) throws Exception {
        HttpResponse<String> r = json("POST", "/admin/plugins", "{\"feature\":\"studio-provider-openai-compatible\"}");
        check(r, 201);
        long bundle = bundleId(r.body());
        r = json("POST", "/admin/plugins/" + bundle + "/configurations", "{\"name\":\"bench-slow\",\"properties\":"
                + "{\"id\":\"bench-slow\",\"baseUrl\":\"http://127.0.0.1:" + fakePort + "/v1\","
                + "\"models\":[\"fake-model|Fake model|CHAT|8192||\"]}}");
        check(r, 201);
        while (!routable("bench-slow")) {
            Thread.sleep(50);
        }
    }

    static void uploadToRoutable(byte[] jar, int runs) throws Exception {
        List<Double> withConfig = new ArrayList<>();
        List<Double> configAfterUpload = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // configuration created right after the upload, deleted before the next run
            long t0 = System.nanoTime();
            long id = upload(jar);
            check(json("POST", "/admin/plugins/" + id + "/configurations",
                    "{\"name\":\"bench-upper\",\"properties\":{\"id\":\"bench-upper\"}}"), 201);
            waitRoutable("bench-upper", true);
            configAfterUpload.add((System.nanoTime() - t0) / 1e6);
            check(json("DELETE", "/admin/plugins/" + id + "/configurations/io.coditect.studio.example.provider~bench-upper",
                    null), 204);
            waitRoutable("bench-upper", false);
            check(json("DELETE", "/admin/plugins/" + id, null), 204);
        }
        // the configuration stays across uninstall: the next upload is routable as soon as it starts
        long id = upload(jar);
        check(json("POST", "/admin/plugins/" + id + "/configurations",
                "{\"name\":\"bench-upper\",\"properties\":{\"id\":\"bench-upper\"}}"), 201);
        waitRoutable("bench-upper", true);
        check(json("DELETE", "/admin/plugins/" + id, null), 204);
        waitRoutable("bench-upper", false);
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            id = upload(jar);
            waitRoutable("bench-upper", true);
            withConfig.add((System.nanoTime() - t0) / 1e6);
            check(json("DELETE", "/admin/plugins/" + id, null), 204);
            waitRoutable("bench-upper", false);
        }
        print("upload -> routable (configuration present)", withConfig);
        print("upload + configure -> routable", configAfterUpload);
    }

    static void cyclesUnderLoad(byte[] jar, int cycles, int streams) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(streams);
        for (int s = 0; s < streams; s++) {
            load.execute(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> r = json("POST", "/providers/bench-slow/test", "{}");
                        if (r.statusCode() == 200 && r.body().contains("\"ok\":true")
                                && r.body().contains("OK from the fake")) {
                            ok.incrementAndGet();
                        } else {
                            failed.add(r.statusCode() + " " + r.body());
                        }
                    } catch (Exception e) {
                        failed.add(e.toString());
                    }
                }
            });
        }
        Thread.sleep(2000);
        long t0 = System.nanoTime();
        List<Double> cycleMs = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            long c0 = System.nanoTime();
            long id = upload(jar);
            waitRoutable("bench-upper", true);
            check(json("DELETE", "/admin/plugins/" + id, null), 204);
            waitRoutable("bench-upper", false);
            cycleMs.add((System.nanoTime() - c0) / 1e6);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(2000);
        running.set(false);
        load.shutdown();
        load.awaitTermination(120, TimeUnit.SECONDS);
        print("install+uninstall cycle under load", cycleMs);
        System.out.printf("%d cycles in %.1f s with %d concurrent streams on another provider: %d requests completed,"
                + " %d failed%n", cycles, seconds, streams, ok.get(), failed.size());
        failed.stream().limit(5).forEach(f -> System.out.println("  failed: " + f));
    }

    static long upload(byte[] jar) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/admin/plugins"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build(), HttpResponse.BodyHandlers.ofString());
        check(r, 201);
        return bundleId(r.body());
    }

    static void waitRoutable(String provider, boolean wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (routable(provider) != wanted) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(provider + " never became " + (wanted ? "routable" : "gone"));
            }
            Thread.sleep(5);
        }
    }

    /** Whether the router would send a request preferring the provider to it. */
    static boolean routable(String provider) throws Exception {
        HttpResponse<String> r = json("POST", "/router/explain", "{\"model\":\"" + provider + "\",\"prompt\":\"hi\"}");
        check(r, 200);
        int first = r.body().indexOf("\"provider\":\"");
        return first >= 0 && r.body().startsWith("\"provider\":\"" + provider + "\"", first)
                && r.body().substring(first).split("}")[0].contains("\"skipped\":null");
    }

    static HttpResponse<String> json(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long bundleId(String body) {
        Matcher m = BUNDLE_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no bundle id in " + body);
        }
        return Long.parseLong(m.group(1));
    }

    static void check(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
    }

    static void print(String name, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf("%-44s runs=%d median=%.0f ms min=%.0f ms max=%.0f ms%n", name, n, median, sorted.get(0),
                sorted.get(n - 1));
    }
}
