package io.coditect.studio.rest.internal;

import java.util.Objects;

import io.coditect.studio.api.registry.ProviderRegistry;
import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.routing.LlmRouter;

/** The core services the resources use. */
record ApiServices(ProviderRegistry providers, StorageRegistry storage, SandboxRegistry sandboxes, LlmRouter router) {
    ApiServices {
        Objects.requireNonNull(providers, "providers");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(sandboxes, "sandboxes");
        Objects.requireNonNull(router, "router");
    }
}
