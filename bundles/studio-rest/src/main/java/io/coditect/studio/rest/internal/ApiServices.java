package io.coditect.studio.rest.internal;

import java.util.Objects;
import java.util.function.Supplier;

import io.coditect.studio.api.admin.PluginAdmin;

import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.SigningKeys;
import io.coditect.studio.api.security.SsoLogin;
import io.coditect.studio.api.session.SessionService;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.usage.RateLimiter;
import io.coditect.studio.api.usage.UsageService;

import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;

/**
 * The core services the resources use. {@code pluginAdmin} answers the plugin administration
 * service while one is registered and null otherwise: it comes and goes without the API server
 * being rebuilt.
 */
record ApiServices(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes, LlmRouter router,
        Authenticator authenticator, TenancyService tenancy, ApiKeyService apiKeys, SsoLogin sso,
        SigningKeys signingKeys, UsageService usage, RateLimiter rateLimiter, SessionService sessions,
        SessionEvents events, ChatService chat, Supplier<PluginAdmin> pluginAdmin) {

    /** Without plugin administration (its endpoints answer 503). */
    ApiServices(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes, LlmRouter router,
            Authenticator authenticator, TenancyService tenancy, ApiKeyService apiKeys, SsoLogin sso,
            SigningKeys signingKeys, UsageService usage, RateLimiter rateLimiter, SessionService sessions,
            SessionEvents events, ChatService chat) {
        this(providers, storage, sandboxes, router, authenticator, tenancy, apiKeys, sso, signingKeys, usage,
                rateLimiter, sessions, events, chat, () -> null);
    }

    ApiServices {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(sandboxes, "sandboxes");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(tenancy, "tenancy");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(sso, "sso");
        Objects.requireNonNull(signingKeys, "signingKeys");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(chat, "chat");
        Objects.requireNonNull(pluginAdmin, "pluginAdmin");
    }
}
