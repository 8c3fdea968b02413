package io.coditect.studio.example.provider.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.llm.Capability;
import io.coditect.studio.api.llm.ChatListener;
import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.ChatRole;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.ModelInfo;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StreamHandle;

/**
 * The SDK's example LLM provider: one instance per factory configuration, answering the last user
 * message in upper case, one word per text delta.
 *
 * <p>What every provider must do, and how this one does it:
 * <ul>
 * <li>{@link #stream} returns at once; every callback of every stream runs on this instance's own
 * single thread, so the events of a stream are in order and never concurrent, and the caller's
 * thread is never blocked;</li>
 * <li>each stream ends with exactly one {@code onComplete} or {@code onError}; after
 * {@code cancel()} (idempotent) it ends with {@code onComplete(CANCELLED)} and nothing follows;</li>
 * <li>failures are typed {@link ProviderException}s: a request it cannot serve is BAD_REQUEST (not
 * retryable); streams still open when the instance goes away (bundle stopped, updated, removed, or
 * configuration changed) end with UNAVAILABLE, which the router may retry elsewhere before the
 * first word.</li>
 * </ul>
 * No {@code studio.plugin.id} property is set: the studio then takes {@link #id()}.
 */
@Component(service = LlmProvider.class, immediate = true, configurationPid = EchoUpperConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "studio.plugin.kind=provider")
@Designate(ocd = EchoUpperConfig.class, factory = true)
public final class EchoUpperProvider implements LlmProvider {

    static final String MODEL = "echo-upper";

    private final String id;
    private final String name;
    private final long delayMillis;
    private final ScheduledThreadPoolExecutor thread;
    /** Streams not yet ended; touched on the instance's thread only. */
    private final Set<EchoStream> open = new HashSet<>();

    @Activate
    public EchoUpperProvider(EchoUpperConfig config) {
        this.id = StudioIds.require("provider", config.id());
        this.name = config.name();
        this.delayMillis = Math.max(0, config.delayMillis());
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "echo-upper-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String displayName() {
        return name;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo(MODEL, "Echo upper", Set.of(Capability.CHAT), 8192, BigDecimal.ZERO,
                BigDecimal.ZERO));
    }

    /** Nothing here is a real model: the studio marks every answer as offline. */
    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public StreamHandle stream(ChatRequest request, ChatListener listener) {
        if (!MODEL.equals(request.model())) {
            // invalid on its face: the one failure a provider may throw instead of reporting
            throw new ProviderException(ProviderException.Kind.BAD_REQUEST, id, "unknown model '" + request.model()
                    + "'; " + id + " serves " + MODEL);
        }
        EchoStream s = new EchoStream(this, request.model(), words(lastUserText(request)), listener);
        try {
            thread.execute(() -> {
                open.add(s);
                s.begin();
            });
        } catch (RejectedExecutionException stopped) {
            // the instance is going away: there is no thread of ours left to report on
            listener.onError(new ProviderException(ProviderException.Kind.UNAVAILABLE, id, id + " is stopping"));
        }
        return s::cancel;
    }

    /** Runs a step of a stream on the instance's thread, after {@code delay} milliseconds (0: now). */
    boolean later(Runnable step, long delay) {
        try {
            thread.schedule(step, delay, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
    }

    long delayMillis() {
        return delayMillis;
    }

    void ended(EchoStream s) {
        open.remove(s);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        try {
            // ends the open streams on the instance's own thread, like every other callback
            thread.submit(() -> {
                for (EchoStream s : new ArrayList<>(open)) {
                    s.fail(new ProviderException(ProviderException.Kind.UNAVAILABLE, id, "provider '" + id
                            + "' was stopped (its plugin was stopped, updated or removed, or its configuration"
                            + " changed)"));
                }
            }).get(2, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // best effort: a listener that does not return in time must not hold the framework up
        }
        thread.shutdownNow();
    }

    private static String lastUserText(ChatRequest request) {
        List<ChatMessage> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == ChatRole.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        String[] parts = text.toUpperCase(Locale.ROOT).strip().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                words.add(i == 0 ? parts[i] : " " + parts[i]);
            }
        }
        return words;
    }
}
