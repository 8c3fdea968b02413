package io.coditect.studio.security.internal.sso;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

/**
 * The identity providers configured now. Each factory configuration's {@link SsoProviderComponent}
 * adds its provider at activation and removes it at deactivation, and {@link SsoLoginImpl} looks
 * providers up here at every call; so adding, changing or deleting a provider configuration never
 * restarts the login service, and logins under way with other providers go on.
 */
@Component(service = IdentityProviderRegistry.class)
public final class IdentityProviderRegistry {

    private final Map<String, IdentityProvider> byId = new LinkedHashMap<>();

    public IdentityProviderRegistry() {
        // DS and tests
    }

    /** @throws IllegalArgumentException when another configuration already uses the provider's id */
    synchronized void add(IdentityProvider provider) {
        String id = provider.settings().id();
        if (byId.containsKey(id)) {
            throw new IllegalArgumentException("single sign-on provider id '" + id + "' is used by another"
                    + " configuration: give each provider configuration its own id");
        }
        byId.put(id, provider);
    }

    /** Removes {@code provider}, not a later provider that took over its id. */
    synchronized void remove(IdentityProvider provider) {
        byId.remove(provider.settings().id(), provider);
    }

    synchronized Optional<IdentityProvider> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Ordered by display name, then id, as login buttons are shown. */
    synchronized List<IdentityProvider> all() {
        List<IdentityProvider> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing((IdentityProvider p) -> p.settings().displayName().toLowerCase(Locale.ROOT))
                .thenComparing(p -> p.settings().id()));
        return all;
    }
}
