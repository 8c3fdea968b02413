package io.coditect.studio.security.internal.sso;

import java.time.Instant;
import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class SsoProviderComponentTest {

    private final IdentityProviderRegistry registry = new IdentityProviderRegistry();

    private static Map<String, Object> config(String id, String displayName) {
        Map<String, Object> c = new HashMap<>();
        c.put("id", id);
        c.put("displayName", displayName);
        c.put("orgId", "acme");
        c.put("type", "google");
        c.put("clientId", "studio");
        return c;
    }

    private SsoProviderComponent activate(Map<String, Object> config) {
        return new SsoProviderComponent(registry, Configs.config(config), n -> null, new MutableClock(Instant.now()));
    }

    @Test
    public void aProviderIsRegisteredWhileItsConfigurationExists() {
        SsoProviderComponent google = activate(config("google", "Google"));
        activate(config("azure", "Microsoft"));
        assertEquals(List.of("google", "azure"),
                registry.all().stream().map(p -> p.settings().id()).toList());

        google.deactivate();
        assertEquals(List.of("azure"), registry.all().stream().map(p -> p.settings().id()).toList());
        assertTrue(registry.find("google").isEmpty());
    }

    @Test
    public void twoConfigurationsCannotShareAnId() {
        activate(config("google", "Google"));
        String message = assertThrows(IllegalArgumentException.class, () -> activate(config("google", "Other")))
                .getMessage();
        assertTrue(message, message.contains("'google'"));
        assertEquals("Google", registry.find("google").orElseThrow().settings().displayName());
    }

    @Test
    public void anInvalidConfigurationActivatesNothing() {
        Map<String, Object> c = config("google", "Google");
        c.put("type", "ldap");
        assertThrows(IllegalArgumentException.class, () -> activate(c));
        assertTrue(registry.all().isEmpty());
    }

    @Test
    public void theProviderKindDecidesTheProtocol() {
        assertTrue(SsoProviderComponent.create(Configs.settings(config("g", "G")), new MutableClock(Instant.now()))
                instanceof OidcIdentityProvider);
        Map<String, Object> c = config("gh", "GitHub");
        c.put("type", "github");
        assertTrue(SsoProviderComponent.create(Configs.settings(c), new MutableClock(Instant.now())) instanceof GitHubIdentityProvider);
    }
}
