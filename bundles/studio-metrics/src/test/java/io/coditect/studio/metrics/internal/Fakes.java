package io.coditect.studio.metrics.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.LlmProvider;
import io.coditect.studio.api.llm.StreamHandle;
import io.coditect.studio.api.registry.PluginDescriptor;
import io.coditect.studio.api.registry.PluginRegistry;
import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.routing.ModelRef;
import io.coditect.studio.api.routing.MoeAnswer;
import io.coditect.studio.api.routing.MoeHandle;
import io.coditect.studio.api.routing.MoeListener;
import io.coditect.studio.api.routing.ProviderState;
import io.coditect.studio.api.routing.RouteDecision;
import io.coditect.studio.api.routing.RouteListener;
import io.coditect.studio.api.routing.RoutedRequest;
import io.coditect.studio.api.sandbox.SandboxDriver;
import io.coditect.studio.api.session.SandboxPoolStatus;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.storage.StorageBackend;

/** Hand-written stand-ins for the studio-api services the metrics read. */
final class Fakes {

    private Fakes() {
    }

    /**
     * Answers {@code pools()} from a list the test changes; every other method of the service is not
     * for metrics and fails (a proxy, so new service methods need no change here).
     */
    static final class Sessions {
        final List<SandboxPoolStatus> pools = new CopyOnWriteArrayList<>();
        volatile RuntimeException failure;
        private final SessionService service = (SessionService) java.lang.reflect.Proxy.newProxyInstance(
                SessionService.class.getClassLoader(), new Class<?>[] {SessionService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pools")) {
                        if (failure != null) {
                            throw failure;
                        }
                        return List.copyOf(pools);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        SessionService service() {
            return service;
        }
    }

    static SandboxPoolStatus pool(String driver, String image, int idle, int target, long hits, long misses,
            long created, long failures) {
        return new SandboxPoolStatus(driver, image, idle, target, hits, misses, created, failures, null);
    }

    /** A registry that describes the plugins a test puts in it. */
    abstract static class Registry<T> implements PluginRegistry<T> {
        final List<PluginDescriptor> plugins = new CopyOnWriteArrayList<>();
        private final String kind;

        Registry(String kind) {
            this.kind = kind;
        }

        void add(String id, Health health) {
            plugins.add(new PluginDescriptor(id, id, kind, "test.bundle", "1.0.0", 1L, Instant.EPOCH, health));
        }

        @Override
        public List<PluginDescriptor> describe() {
            return List.copyOf(plugins);
        }

        @Override
        public Optional<T> get(String id) {
            return Optional.empty();
        }

        @Override
        public List<T> all() {
            return List.of();
        }

        @Override
        public Instant since() {
            return Instant.EPOCH;
        }
    }

    static final class Providers extends Registry<LlmProvider> implements ProviderRegistry {
        Providers() {
            super("provider");
        }
    }

    static final class Storage extends Registry<StorageBackend> implements StorageRegistry {
        Storage() {
            super("storage");
        }
    }

    static final class Sandboxes extends Registry<SandboxDriver> implements SandboxRegistry {
        Sandboxes() {
            super("sandbox");
        }
    }

    /** Answers {@link #states()} from a list the test changes. */
    static final class Router implements LlmRouter {
        final List<ProviderState> states = new CopyOnWriteArrayList<>();

        @Override
        public List<ProviderState> states() {
            return List.copyOf(states);
        }

        @Override
        public StreamHandle stream(RoutedRequest request, RouteListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RouteDecision explain(RoutedRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MoeHandle fanOut(RoutedRequest request, List<ModelRef> targets, MoeListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StreamHandle merge(RoutedRequest request, List<MoeAnswer> answers, RouteListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    static ProviderState circuit(String provider, String model, io.coditect.studio.api.routing.CircuitState state) {
        return new ProviderState(ModelRef.of(provider, model), state, 0, 0, 0, null, null, null, null, 0);
    }

    /** The services a test sets, read the way the component reads its dynamic references. */
    static final class Services {
        volatile Sessions sessions;
        volatile Providers providers;
        volatile Storage storage;
        volatile Sandboxes sandboxes;
        volatile Router router;

        StudioMetrics.Sources sources() {
            return new StudioMetrics.Sources(() -> sessions == null ? null : sessions.service(), () -> providers, () -> storage, () -> sandboxes,
                    () -> router);
        }
    }

    /** A bundle context that records the services registered with it; nothing else is implemented. */
    static final class Context {
        final List<Object[]> registered = Collections.synchronizedList(new ArrayList<>());
        final List<Object> unregistered = Collections.synchronizedList(new ArrayList<>());
        final BundleContext context = (BundleContext) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof Class) {
                        Object service = args[1];
                        registered.add(new Object[] {args[0], service, args[2]});
                        return registration(() -> unregistered.add(service));
                    }
                    if (method.getName().equals("toString")) {
                        return "test bundle context";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        Object service(int index) {
            return registered.get(index)[1];
        }

        @SuppressWarnings("unchecked")
        Dictionary<String, Object> properties(int index) {
            return (Dictionary<String, Object>) registered.get(index)[2];
        }

        private static ServiceRegistration<?> registration(Supplier<Boolean> unregister) {
            return (ServiceRegistration<?>) Proxy.newProxyInstance(Fakes.class.getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                        if (method.getName().equals("unregister")) {
                            unregister.get();
                            return null;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    static MetricsConfig config(String token) {
        return new MetricsConfig() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return MetricsConfig.class;
            }
        };
    }
}
