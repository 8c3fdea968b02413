package io.coditect.studio.core.internal.routing;

import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.core.internal.usage.UsageMeter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link Router} as the {@link LlmRouter} service. Owns the scheduler its retries
 * run on. A configuration change applies to the next decisions without dropping running streams
 * or the breakers' state. Usage and budgets are the {@link UsageMeter}'s.
 */
@Component(service = LlmRouter.class, immediate = true, configurationPid = LlmRouterComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RouterConfig.class)
public final class LlmRouterComponent implements LlmRouter {

    /** Configuration PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.core.router";

    private static final Logger LOG = LoggerFactory.getLogger(LlmRouterComponent.class);

    private final ScheduledThreadPoolExecutor executor;
    private final Router router;

    @Activate
    public LlmRouterComponent(@Reference(name = "providers") ProviderRegistry providers,
            @Reference(name = "meter") UsageMeter meter, RouterConfig config) {
        executor = newExecutor();
        router = Router.standalone(providers, executor, meter);
        router.update(settings(config, RouterSettings.DEFAULTS));
    }

    @Modified
    void modified(RouterConfig config) {
        router.update(settings(config, router.settings()));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        router.close();
        // let the cancellations just scheduled deliver their events, then stop
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private static RouterSettings settings(RouterConfig config, RouterSettings fallback) {
        try {
            return RouterSettings.of(config);
        } catch (IllegalArgumentException e) {
            LOG.error("router configuration {} is invalid ({}); keeping the previous settings", PID, e.getMessage());
            return fallback;
        }
    }

    private static ScheduledThreadPoolExecutor newExecutor() {
        AtomicInteger count = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "studio-router-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    @Override
    public StreamHandle stream(RoutedRequest request, RouteListener listener) {
        return router.stream(request, listener);
    }

    @Override
    public RouteDecision explain(RoutedRequest request) {
        return router.explain(request);
    }

    @Override
    public List<ProviderState> states() {
        return router.states();
    }

    @Override
    public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
        return router.fanOut(request, targets, listener);
    }

    @Override
    public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
        return router.merge(request, answers, listener);
    }
}
