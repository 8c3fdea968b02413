package io.coditect.studio.rest.internal;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.coditect.studio.api.admin.PluginAdmin;

import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.RevocationListener;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.RateLimiter;
import io.coditect.studio.api.usage.UsageService;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes the API on CXF's OSGi servlet. The servlet is mounted at {@code /api} (configuration
 * {@code org.apache.cxf.osgi}); the resources carry the version in their paths ({@code /v1/…}).
 */
@Component(immediate = true, service = RevocationListener.class)
public class ApiServer implements RevocationListener {

    private final OpenStreams streams = new OpenStreams();

    /**
     * Optional and dynamic: updating or restarting the studio-plugins bundle, or running without it,
     * must not take the whole API (and its open event streams) down; its endpoints answer 503 meanwhile.
     */
    private final AtomicReference<PluginAdmin> pluginAdmin = new AtomicReference<>();

    private final Server server;

    @Activate
    public ApiServer(@Reference ProviderRegistry providers, @Reference StorageRegistry storage,
            @Reference SandboxRegistry sandboxes, @Reference LlmRouter router, @Reference Authenticator authenticator,
            @Reference TenancyService tenancy, @Reference ApiKeyService apiKeys, @Reference SsoLogin sso,
            @Reference SigningKeys signingKeys, @Reference UsageService usage, @Reference RateLimiter rateLimiter,
            @Reference SessionService sessions, @Reference SessionEvents events,
            @Reference ChatService chat) {
        // CXF looks up its extensions through the context class loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ApiServer.class.getClassLoader());
        try {
            server = ApiServerFactory.start(BusFactory.getDefaultBus(), "/",
                    new ApiServices(providers, storage, sandboxes, router, authenticator, tenancy, apiKeys, sso,
                            signingKeys, usage, rateLimiter, sessions, events, chat, pluginAdmin::get), streams);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindPluginAdmin(PluginAdmin admin) {
        pluginAdmin.set(admin);
    }

    void unbindPluginAdmin(PluginAdmin admin) {
        pluginAdmin.compareAndSet(admin, null);
    }

    @Deactivate
    void stop() {
        server.destroy();
    }

    /** Ends the event streams a revoked credential opened. */
    @Override
    public void revoked(String orgId, String credentialId) {
        streams.revoked(orgId, credentialId);
    }
}
