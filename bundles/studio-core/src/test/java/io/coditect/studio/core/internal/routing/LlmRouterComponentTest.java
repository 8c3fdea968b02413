package io.coditect.studio.core.internal.routing;

import static io.coditect.studio.core.internal.routing.ScriptedProvider.HOLD;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.model;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.script;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.start;
import static io.coditect.studio.core.internal.routing.ScriptedProvider.text;
import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.coditect.studio.api.llm.ChatMessage;
import io.coditect.studio.api.llm.ChatRequest;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.junit.Test;

public class LlmRouterComponentTest {

    /** The configuration DS would pass: the defaults, with some values overridden. */
    private static RouterConfig config(Map<String, Object> values) {
        return (RouterConfig) Proxy.newProxyInstance(RouterConfig.class.getClassLoader(),
                new Class<?>[] { RouterConfig.class }, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return RouterConfig.class;
                    }
                    Object v = values.get(method.getName());
                    return v != null ? v : method.getDefaultValue();
                });
    }

    private static RoutedRequest request() {
        return RoutedRequest.of("c1", ChatRequest.of("", List.of(ChatMessage.user("hi"))));
    }

    @Test
    public void routesOnItsOwnThreadsAndCancelsRunningStreamsWhenDeactivated() throws Exception {
        ExecutorService providerThread = Executors.newSingleThreadExecutor();
        ScriptedProvider p = new ScriptedProvider("p", model("m")).on(providerThread);
        LlmRouterComponent c = new LlmRouterComponent(new FakeRegistry().add(p), UsageMeter.inMemory(Clock.systemUTC()),
                config(Map.of()));
        Recorder answered = new Recorder();
        c.stream(request(), answered);
        answered.await().assertClean();
        assertEquals("answer from p", answered.text());

        p.then(script(start(), text("long"), HOLD));
        Recorder running = new Recorder();
        c.stream(request(), running);
        c.deactivate();
        running.await().assertClean();
        assertEquals(StopReason.CANCELLED, running.stop);
        providerThread.shutdownNow();
    }

    @Test
    public void invalidConfigurationKeepsTheSettingsInForce() throws Exception {
        LlmRouterComponent c = new LlmRouterComponent(new FakeRegistry(), UsageMeter.inMemory(Clock.systemUTC()),
                config(Map.of("retry_max_attempts", 5)));
        c.modified(config(Map.of("breaker_failure_rate_percent", 0)));
        java.lang.reflect.Field f = LlmRouterComponent.class.getDeclaredField("router");
        f.setAccessible(true);
        assertEquals(5, ((Router) f.get(c)).settings().maxAttempts());
        c.deactivate();
    }
}
