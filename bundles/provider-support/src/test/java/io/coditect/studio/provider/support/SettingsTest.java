package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.coditect.studio.api.Health;
import org.junit.Test;

/** Secret, ApiKeys, Timeouts and ProviderSettings. */
public class SettingsTest {

    private static final String KEY = "sk-test-0123456789";
    private static final Map<String, String> ENV = Map.of("MY_KEY", KEY, "BLANK", "  ", "BAD", "with space");

    @Test
    public void secretNeverShowsItsValue() {
        Secret s = Secret.of(KEY);
        assertEquals("****", s.toString());
        assertEquals("****", String.valueOf(s));
        assertEquals(KEY, s.reveal());
        assertEquals("key **** was refused, ****", s.redact("key " + KEY + " was refused, " + KEY));
        assertNull(s.redact(null));
        assertEquals("x", Secret.redact(null, "x"));
    }

    @Test
    public void secretRejectsValuesThatCannotBeAHeaderWithoutRepeatingThem() {
        for (String bad : new String[] { "", "a b", "a\nb", "ä" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.of(bad));
            assertFalse(e.getMessage(), !bad.isEmpty() && e.getMessage().contains(bad));
        }
    }

    @Test
    public void keyFromConfigWinsOverEnvironment() {
        assertEquals("cfg-key", ApiKeys.resolve(" cfg-key ", "MY_KEY", ENV::get).orElseThrow().reveal());
        assertEquals(KEY, ApiKeys.resolve("", "MY_KEY", ENV::get).orElseThrow().reveal());
        assertEquals(KEY, ApiKeys.resolve(null, " MY_KEY ", ENV::get).orElseThrow().reveal());
        assertEquals(Optional.empty(), ApiKeys.resolve("", "UNSET", ENV::get));
        assertEquals(Optional.empty(), ApiKeys.resolve("", "BLANK", ENV::get));
        assertEquals(Optional.empty(), ApiKeys.resolve("", "", ENV::get));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.resolve("", "BAD", ENV::get));
        assertTrue(e.getMessage(), e.getMessage().contains("BAD named by apiKeyEnv is invalid"));
        assertFalse(e.getMessage().contains("with space"));
    }

    @Test
    public void missingKeyMessage() {
        assertEquals("no API key: set apiKey or apiKeyEnv (the environment variable UNSET is not set)",
                ApiKeys.missingMessage("UNSET"));
        assertEquals("no API key: set apiKey or apiKeyEnv", ApiKeys.missingMessage(""));
    }

    @Test
    public void timeouts() {
        Timeouts t = Timeouts.ofSeconds(1, 2, 3);
        assertEquals(Duration.ofSeconds(2), t.firstByte());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.ofSeconds(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Timeouts(Duration.ofSeconds(1), Duration.ZERO,
                Duration.ofSeconds(1)));
        assertEquals("60 s", Timeouts.describe(Duration.ofSeconds(60)));
        assertEquals("1500 ms", Timeouts.describe(Duration.ofMillis(1500)));
    }

    @Test
    public void settingsFromRawValues() {
        ProviderSettings s = ProviderSettings.builder(" team-a ").displayName(" Team A ")
                .baseUrl("https://api.example.com/proxy/").apiKey("", "MY_KEY", ENV::get)
                .models("m1|M1|CHAT,VISION|1000|1|2", "m2|M2|CHAT|2000|0|0").timeouts(Timeouts.ofSeconds(1, 2, 3))
                .build();
        assertEquals("team-a", s.id());
        assertEquals("Team A", s.displayName());
        assertEquals(URI.create("https://api.example.com/proxy"), s.baseUrl());
        assertEquals(URI.create("https://api.example.com/proxy/v1/messages"), s.endpoint("/v1/messages"));
        assertEquals(KEY, s.key().orElseThrow().reveal());
        assertEquals(2, s.models().size());
        assertTrue(s.model("m2").isPresent());
        assertFalse(s.model("m3").isPresent());
        assertEquals(Health.up(), s.configHealth());
        assertFalse("toString shows the key: " + s, s.toString().contains(KEY));
        assertTrue(s.toString().contains("****"));
    }

    @Test
    public void settingsWithoutKeyAreDown() {
        ProviderSettings s = ProviderSettings.builder("p").baseUrl("http://127.0.0.1:1").apiKey("", "UNSET", ENV::get)
                .models("m|M|CHAT|1|0|0").build();
        assertEquals(Health.Status.DOWN, s.configHealth().status());
        assertTrue(s.configHealth().message().startsWith("no API key: set apiKey or apiKeyEnv"));
        assertEquals("p", s.displayName());
    }

    @Test
    public void settingsErrorsNameTheSetting() {
        assertMessage("id: provider id 'Team A' is invalid", () -> ProviderSettings.builder("Team A")
                .baseUrl("https://x").models("m|M|CHAT|1|0|0").build());
        assertMessage("baseUrl 'ftp://x' must be an absolute http or https URL",
                () -> ProviderSettings.builder("p").baseUrl("ftp://x"));
        assertMessage("baseUrl 'api.example.com' must be an absolute http or https URL",
                () -> ProviderSettings.builder("p").baseUrl("api.example.com"));
        assertMessage("must not have a query", () -> ProviderSettings.builder("p").baseUrl("https://x/?key=1"));
        assertMessage("must not have a query", () -> ProviderSettings.builder("p").baseUrl("https://user:pw@x/"));
        assertMessage("baseUrl is required", () -> ProviderSettings.builder("p").models("m|M|CHAT|1|0|0").build());
        assertMessage("models: at least one model is required",
                () -> ProviderSettings.builder("p").baseUrl("https://x").build());
    }

    private static void assertMessage(String part, org.junit.function.ThrowingRunnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r);
        assertTrue(e.getMessage(), e.getMessage().contains(part));
    }
}
