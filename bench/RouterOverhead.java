import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ResponseInfo;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.llm.Usage;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.routing.Router;
import io.coditect.studio.provider.support.ProviderSettings;
import io.coditect.studio.provider.support.Secret;
import io.coditect.studio.provider.support.Timeouts;
import io.coditect.studio.provider.support.chat.ChatCompletionsDialect;
import io.coditect.studio.provider.support.chat.ChatCompletionsProvider;

/**
 * Time to first token through router + adapter versus the same adapter called directly, against a
 * local chat-completions fake, at a given number of concurrent streams; plus streamed completions per
 * second. Modes alternate round by round so drift hits both alike. Run by bench/router-overhead.sh.
 */
public class RouterOverhead {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        HttpServer fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        fake.setExecutor(Executors.newFixedThreadPool(64));
        byte[] first = chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}");
        byte[] rest = (new String(chunk("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}"),
                StandardCharsets.UTF_8) + new String(chunk("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"),
                StandardCharsets.UTF_8) + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        fake.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            // a fresh connection per stream: the JDK server drops idle pooled ones under load
            ex.getResponseHeaders().set("Connection", "close");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(first);
                out.flush();
                out.write(rest);
            }
        });
        fake.start();
        ExecutorService providerPool = Executors.newCachedThreadPool();
        ScheduledExecutorService routerPool = Executors.newScheduledThreadPool(2);
        ChatCompletionsProvider provider = new ChatCompletionsProvider(ProviderSettings.builder("bench")
                .baseUrl("http://127.0.0.1:" + fake.getAddress().getPort() + "/v1").apiKey(Secret.of("bench-key"))
                .models("bench-model|Bench model|CHAT|8192||").timeouts(Timeouts.ofSeconds(10, 30, 30)).build(),
                ChatCompletionsDialect.STANDARD, providerPool);
        TimedProvider timed = new TimedProvider(provider);
        Router router = Router.standalone(new OneProvider(timed), routerPool);

        for (int concurrency : new int[] {100, 1000}) {
            run(provider, router, concurrency, 3, null); // warm-up
            timed.overheads.clear();
            List<Long> direct = new ArrayList<>();
            List<Long> routed = new ArrayList<>();
            long[] completions = new long[2];
            long[] elapsed = new long[2];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                direct.addAll(run(provider, null, concurrency, 1, null));
                elapsed[0] += System.nanoTime() - t0;
                completions[0] += concurrency;
                t0 = System.nanoTime();
                routed.addAll(run(provider, router, concurrency, 1, null));
                elapsed[1] += System.nanoTime() - t0;
                completions[1] += concurrency;
            }
            long[] d = sorted(direct);
            long[] rt = sorted(routed);
            long[] own = sorted(new ArrayList<>(timed.overheads));
            System.out.printf("concurrency %4d: router's own time on the first-token path (call → adapter.stream +"
                    + " adapter's first delta → caller) p50=%.4f ms p99=%.4f ms max=%.3f ms over %d streams%n",
                    concurrency, ms(p(own, 50)), ms(p(own, 99)), ms(own[own.length - 1]), own.length);
            System.out.printf("concurrency %4d, %d streams each: TTFT direct p50=%.3f ms p99=%.3f ms | routed p50=%.3f ms"
                    + " p99=%.3f ms | overhead p50=%.3f ms p99=%.3f ms | completions/s direct=%.0f routed=%.0f%n",
                    concurrency, d.length, ms(p(d, 50)), ms(p(d, 99)), ms(p(rt, 50)), ms(p(rt, 99)),
                    ms(p(rt, 50) - p(d, 50)), ms(p(rt, 99) - p(d, 99)),
                    completions[0] / (elapsed[0] / 1e9), completions[1] / (elapsed[1] / 1e9));
        }
        router.close();
        fake.stop(0);
        providerPool.shutdownNow();
        routerPool.shutdownNow();
    }

    /** Starts {@code concurrency} streams at once, {@code waves} times; returns each one's TTFT in ns. */
    static List<Long> run(LlmProvider provider, Router router, int concurrency, int waves, Object unused)
            throws Exception {
        List<Long> ttft = new ArrayList<>();
        for (int w = 0; w < waves; w++) {
            List<CompletableFuture<Long>> all = new ArrayList<>(concurrency);
            for (int i = 0; i < concurrency; i++) {
                CompletableFuture<Long> done = new CompletableFuture<>();
                all.add(done);
                ChatRequest chat = new ChatRequest(router == null ? "bench-model" : "", "",
                        List.of(ChatMessage.user("hi")), List.of(), 16, null);
                Listener l = new Listener(System.nanoTime(), done);
                if (router == null) {
                    provider.stream(chat, l);
                } else {
                    CALL_START.set(System.nanoTime());
                    router.stream(RoutedRequest.of("b" + SEQ.incrementAndGet(), chat), l);
                    CALL_START.remove();
                }
            }
            for (CompletableFuture<Long> f : all) {
                ttft.add(f.get(60, TimeUnit.SECONDS));
            }
        }
        return ttft;
    }

    static final AtomicLong SEQ = new AtomicLong();

    /** When the current routed call started, so the decorator can tell how long the router took. */
    static final ThreadLocal<Long> CALL_START = new ThreadLocal<>();

    /**
     * Wraps the adapter to time the router's own share of the first-token path: from the caller's
     * router.stream() to the adapter's stream(), and from the adapter's first delta to the caller's.
     */
    static final class TimedProvider implements LlmProvider {
        final LlmProvider inner;
        final java.util.concurrent.ConcurrentLinkedQueue<Long> overheads = new java.util.concurrent.ConcurrentLinkedQueue<>();

        TimedProvider(LlmProvider inner) {
            this.inner = inner;
        }

        public String id() {
            return inner.id();
        }

        public String displayName() {
            return inner.displayName();
        }

        public List<io.coditect.studio.api.llm.ModelInfo> models() {
            return inner.models();
        }

        public io.coditect.studio.api.Health health() {
            return inner.health();
        }

        public io.coditect.studio.api.llm.StreamHandle stream(ChatRequest request, ChatListener routerSide) {
            long entered = System.nanoTime();
            Long started = CALL_START.get();
            long inbound = started == null ? -1 : entered - started;
            return inner.stream(request, new ChatListener() {
                boolean first = true;

                public void onStart(ResponseInfo info) {
                    routerSide.onStart(info);
                }

                public void onTextDelta(String text) {
                    if (first && inbound >= 0) {
                        first = false;
                        long t = System.nanoTime();
                        routerSide.onTextDelta(text);
                        overheads.add(inbound + (System.nanoTime() - t));
                        return;
                    }
                    routerSide.onTextDelta(text);
                }

                public void onToolCallStart(int index, String callId, String toolName) {
                    routerSide.onToolCallStart(index, callId, toolName);
                }

                public void onToolCallDelta(int index, String fragment) {
                    routerSide.onToolCallDelta(index, fragment);
                }

                public void onToolCallEnd(int index) {
                    routerSide.onToolCallEnd(index);
                }

                public void onUsage(Usage usage) {
                    routerSide.onUsage(usage);
                }

                public void onComplete(StopReason reason) {
                    routerSide.onComplete(reason);
                }

                public void onError(ProviderException error) {
                    routerSide.onError(error);
                }
            });
        }
    }

    static final class Listener implements RouteListener {
        final long start;
        final CompletableFuture<Long> done;
        volatile long firstToken;

        Listener(long start, CompletableFuture<Long> done) {
            this.start = start;
            this.done = done;
        }

        public void onStart(ResponseInfo info) {
        }

        public void onTextDelta(String text) {
            if (firstToken == 0) {
                firstToken = System.nanoTime();
            }
        }

        public void onToolCallStart(int index, String callId, String toolName) {
        }

        public void onToolCallDelta(int index, String fragment) {
        }

        public void onToolCallEnd(int index) {
        }

        public void onUsage(Usage usage) {
        }

        public void onComplete(StopReason reason) {
            done.complete(firstToken - start);
        }

        public void onError(ProviderException error) {
            done.completeExceptionally(error);
        }
    }

    static final class OneProvider implements ProviderRegistry {
        final LlmProvider provider;
        final Instant since = Instant.now();

        OneProvider(LlmProvider provider) {
            this.provider = provider;
        }

        public List<PluginDescriptor> describe() {
            return List.of(new PluginDescriptor(provider.id(), provider.displayName(), LlmProvider.KIND, "bench", "0",
                    0, since, provider.health()));
        }

        public Optional<LlmProvider> get(String id) {
            return provider.id().equals(id) ? Optional.of(provider) : Optional.empty();
        }

        public List<LlmProvider> all() {
            return List.of(provider);
        }

        public Instant since() {
            return since;
        }
    }

    static byte[] chunk(String json) {
        return ("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    static long[] sorted(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a;
    }

    static long p(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
