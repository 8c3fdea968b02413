package io.coditect.studio.security.internal.vault;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.Test;

public class SecretsConfigurationPluginTest {

    private static SecretBox box() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretBox(key);
    }

    @Test
    public void opensSealedValuesBeforeTheComponentSeesThem() {
        SecretBox box = box();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.pid", "io.coditect.studio.provider.anthropic~work");
        props.put("apiKey", box.seal("sk-ant-123"));
        props.put("baseUrl", "https://api.anthropic.com");
        props.put("timeout", 30);
        props.put("headers", new String[] {box.seal("x-secret: 1"), "x-plain: 2"});

        new SecretsConfigurationPlugin(box).modifyConfiguration(null, props);

        assertEquals("sk-ant-123", props.get("apiKey"));
        assertEquals("https://api.anthropic.com", props.get("baseUrl"));
        assertEquals(30, props.get("timeout"));
        assertArrayEquals(new String[] {"x-secret: 1", "x-plain: 2"}, (String[]) props.get("headers"));
    }

    @Test
    public void aValueSealedWithAnotherKeyStaysSealed() {
        String foreign = box().seal("secret");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("clientSecret", foreign);
        props.put("other", "plain");

        new SecretsConfigurationPlugin(box()).modifyConfiguration(null, props);

        assertEquals(foreign, props.get("clientSecret"));
        assertEquals("plain", props.get("other"));
    }

    @Test
    public void sealsWhatItOpensAndRefusesEmptySecrets() {
        SecretsConfigurationPlugin plugin = new SecretsConfigurationPlugin(box());
        String sealed = plugin.seal("sk-live-abc");
        assertTrue(sealed, sealed.startsWith("ENC(v1:") && !sealed.contains("sk-live-abc"));
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("apiKey", sealed);
        plugin.modifyConfiguration(null, props);
        assertEquals("sk-live-abc", props.get("apiKey"));
        assertThrows(IllegalArgumentException.class, () -> plugin.seal(""));
    }
}
