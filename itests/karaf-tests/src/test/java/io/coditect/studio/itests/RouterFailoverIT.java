package io.coditect.studio.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.Configuration;
import org.osgi.service.http.HttpService;

import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.StopReason;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.LlmRouter;

/**
 * Issue 4's failover test: two providers against local fakes; one is killed while streams run and
 * traffic moves to the other with no retryable failure reaching a caller; then a provider bundle is
 * uninstalled while streams run on another provider, and none of them drops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RouterFailoverIT extends StudioTestSupport {

    @Inject
    HttpService http;

    @Inject
    LlmRouter router;

    @Inject
    ProviderRegistry providers;

    @Test
    public void trafficMovesOffAKilledProviderAndSurvivesAnUninstall() throws Exception {
        FakeChatCompletions a = new FakeChatCompletions();
        FakeChatCompletions b = new FakeChatCompletions();
        a.pieceDelayMillis = 150;
        b.pieceDelayMillis = 150;
        http.registerServlet("/fake-a/v1", a, named("fake-a"), null);
        http.registerServlet("/fake-b/v1", b, named("fake-b"), null);
        featureService.installFeature("studio-provider-openai-compatible",
                EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        List<Configuration> configs = List.of(configure("fail-a", "/fake-a/v1"), configure("fail-b", "/fake-b/v1"));
        try {
            assertTrue(eventually(Duration.ofSeconds(30),
                    () -> providers.get("fail-a").isPresent() && providers.get("fail-b").isPresent()));

            // A is preferred; kill it while the first wave streams and a second wave starts
            List<CompletableFuture<RoutedAnswer.Outcome>> firstWave = start(10, "fail-a");
            Thread.sleep(300);
            a.down = true;
            List<CompletableFuture<RoutedAnswer.Outcome>> secondWave = start(10, "fail-a");
            List<RoutedAnswer.Outcome> outcomes = new ArrayList<>();
            for (CompletableFuture<RoutedAnswer.Outcome> f : concat(firstWave, secondWave)) {
                outcomes.add(f.get(120, TimeUnit.SECONDS));
            }
            for (RoutedAnswer.Outcome o : outcomes) {
                if (o.error() != null) {
                    // only an answer already under way may be lost: it cannot be retried transparently
                    assertEquals(o.toString(), ProviderException.Kind.CUT_MID_STREAM, o.error().kind());
                    assertTrue(o.toString(), o.error().getMessage().contains("fail-a"));
                } else {
                    assertEquals(o.toString(), StopReason.END_TURN, o.reason());
                    assertEquals(o.toString(), "Hello from the fake", o.text());
                }
            }
            // after the kill A answers 503 (moved on transparently) until its circuit opens (then skipped)
            long movedToB = secondWave.stream().map(CompletableFuture::join)
                    .filter(o -> "fail-b".equals(o.provider()) && o.error() == null).count();
            assertEquals("every stream started after the kill must end on fail-b: " + outcomes, 10, movedToB);
            assertTrue("no stream saw a transparent switch: " + outcomes,
                    outcomes.stream().anyMatch(RoutedAnswer.Outcome::switched));

            // streams on B while the offline provider's bundle is uninstalled
            List<CompletableFuture<RoutedAnswer.Outcome>> onB = start(10, "fail-b");
            Thread.sleep(200);
            Bundle offline = bundle("io.coditect.studio.provider.offline");
            offline.uninstall();
            for (CompletableFuture<RoutedAnswer.Outcome> f : onB) {
                RoutedAnswer.Outcome o = f.get(120, TimeUnit.SECONDS);
                assertEquals(o.toString(), null, o.error());
                assertEquals(o.toString(), "fail-b", o.provider());
                assertEquals(o.toString(), StopReason.END_TURN, o.reason());
            }
            assertTrue(providers.get("offline").isEmpty());
            assertEquals(Bundle.ACTIVE, bundle("io.coditect.studio.core").getState());
        } finally {
            for (Configuration c : configs) {
                c.delete();
            }
            http.unregister("/fake-a/v1");
            http.unregister("/fake-b/v1");
        }
    }

    private static Hashtable<String, String> named(String name) {
        Hashtable<String, String> init = new Hashtable<>();
        init.put("servlet-name", name);
        return init;
    }

    private Configuration configure(String id, String path) throws Exception {
        Configuration config = configurationAdmin.getFactoryConfiguration(
                "io.coditect.studio.provider.openai.compatible", id, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("id", id);
        props.put("baseUrl", "http://127.0.0.1:" + getHttpPort() + path);
        props.put("models", new String[] {"fake-model|Fake model|CHAT,TOOLS|8192||"});
        config.update(props);
        return config;
    }

    private List<CompletableFuture<RoutedAnswer.Outcome>> start(int count, String preferred) {
        List<CompletableFuture<RoutedAnswer.Outcome>> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(RoutedAnswer.route(router, "itest-" + preferred + "-" + i + "-" + System.nanoTime(), preferred,
                    "hi " + i));
        }
        return all;
    }

    private static <T> List<T> concat(List<T> x, List<T> y) {
        List<T> all = new ArrayList<>(x);
        all.addAll(y);
        return all;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : bundleContext.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " missing");
    }
}
