package io.coditect.studio.provider.offline.internal;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offline provider without OSGi: answers every request with a simulated, deterministic stream
 * (see README.md for the {@code /tool} and {@code /fail} triggers). Tests construct it directly;
 * it is public so that unit tests of other modules can use it through a test-scoped dependency
 * (the package is still not exported).
 */
public final class OfflineProvider implements LlmProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineProvider.class);

    static final String DISPLAY_NAME = "Offline (no LLM)";
    static final String HEALTH_MESSAGE = "offline provider: answers are simulated";
    static final ModelInfo MODEL = new ModelInfo(AnswerPlanner.MODEL_ID, "Offline echo (no LLM)",
            EnumSet.of(Capability.CHAT, Capability.CODE, Capability.TOOLS, Capability.LONG_CONTEXT), 200_000,
            BigDecimal.ZERO, BigDecimal.ZERO);

    private final ScheduledExecutorService executor;
    private final long tokenDelayMillis;
    private final Set<OfflineStream> active = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param executor         runs the streams; owned by the caller, who shuts it down after
     *                         {@link #close()}
     * @param tokenDelayMillis pause before each streamed token, 0 for none
     */
    public OfflineProvider(ScheduledExecutorService executor, long tokenDelayMillis) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tokenDelayMillis = Math.max(0, tokenDelayMillis);
    }

    /** A small executor of daemon threads, suitable for {@link #OfflineProvider}. */
    public static ScheduledExecutorService newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "studio-offline-provider-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public String id() {
        return AnswerPlanner.PROVIDER_ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(MODEL);
    }

    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public Health health() {
        return Health.up(HEALTH_MESSAGE);
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(listener, "listener");
        if (!MODEL.id().equals(request.model())) {
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, AnswerPlanner.PROVIDER_ID,
                    "offline provider: unknown model '" + StudioIds.printable(request.model()) + "'; known models: "
                            + MODEL.id());
        }
        List<Step> steps;
        try {
            steps = AnswerPlanner.plan(request);
        } catch (RuntimeException e) {
            LOG.error("offline provider: could not plan an answer", e);
            steps = List.of(new Step.Fail(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    AnswerPlanner.PROVIDER_ID, "offline provider: internal error " + e, null, e)));
        }
        OfflineStream stream = new OfflineStream(steps, listener, executor, tokenDelayMillis, active::remove);
        active.add(stream);
        if (closed) {
            stream.abort(OfflineStream.stopped());
        } else {
            stream.start();
        }
        return stream;
    }

    /** Streams still running. */
    int activeStreams() {
        return active.size();
    }

    /**
     * Ends every running stream with {@code onError(UNAVAILABLE)} (on the calling thread) and fails
     * later requests the same way. Does not shut the executor down.
     */
    @Override
    public void close() {
        closed = true;
        for (OfflineStream stream : List.copyOf(active)) {
            stream.abort(OfflineStream.stopped());
        }
    }
}
