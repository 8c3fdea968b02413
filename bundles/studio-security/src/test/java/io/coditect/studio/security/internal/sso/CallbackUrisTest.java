package io.coditect.studio.security.internal.sso;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

public class CallbackUrisTest {

    private static ProviderSettings settings(String callbackBase) {
        Map<String, Object> c = new HashMap<>();
        c.put("id", "okta");
        c.put("orgId", "acme");
        c.put("issuer", "https://acme.okta.com");
        c.put("clientId", "studio");
        if (callbackBase != null) {
            c.put("callbackBase", callbackBase);
        }
        return Configs.settings(c);
    }

    @Test
    public void withoutBaseTheCallbackIsUsedAsGiven() {
        URI callback = URI.create("http://10.0.0.5:8181/api/v1/auth/sso/okta/callback");
        assertEquals(callback, CallbackUris.resolve(settings(null), callback));
    }

    @Test
    public void theBaseReplacesSchemeAndHost() {
        ProviderSettings s = settings("https://studio.example.com/coditect/");
        assertEquals(URI.create("https://studio.example.com/coditect/api/v1/auth/sso/okta/callback"),
                CallbackUris.resolve(s, URI.create("http://10.0.0.5:8181/api/v1/auth/sso/okta/callback")));
        assertEquals(URI.create("https://studio.example.com/coditect/cb?x=1"),
                CallbackUris.resolve(s, URI.create("cb?x=1")));
    }

    @Test
    public void aCallbackThatIsNoUrlIsRefused() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> CallbackUris.resolve(settings(null), URI.create("/api/v1/auth/sso/okta/callback"))).getMessage();
        assertTrue(message, message.contains("callbackBase"));
        assertThrows(IllegalArgumentException.class, () -> CallbackUris.resolve(settings(null), null));
        assertThrows(IllegalArgumentException.class,
                () -> CallbackUris.resolve(settings(null), URI.create("https://studio.example.com/cb#frag")));
    }
}
