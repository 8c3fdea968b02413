package io.coditect.studio.provider.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.llm.ProviderException;
import io.coditect.studio.api.llm.ProviderException.Kind;
import org.junit.Test;

public class HealthTrackerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00.500Z"), ZoneOffset.UTC);

    private static ProviderException failure(Kind kind) {
        return new ProviderException(kind, "p", "p: boom");
    }

    @Test
    public void upUntilAFailureAndAgainAfterASuccess() {
        HealthTracker h = new HealthTracker(Health.up(), CLOCK);
        assertEquals(Health.up(), h.health());
        h.failure(failure(Kind.OVERLOADED));
        assertEquals(Health.Status.DEGRADED, h.health().status());
        assertEquals("the last call at 2026-11-24T10:00:00Z failed (OVERLOADED): p: boom", h.health().message());
        h.success();
        assertEquals(Health.up(), h.health());
    }

    @Test
    public void rejectedKeyIsDown() {
        HealthTracker h = new HealthTracker(Health.up(), CLOCK);
        h.failure(failure(Kind.UNAUTHORIZED));
        assertEquals(Health.Status.DOWN, h.health().status());
        assertTrue(h.health().message().contains("check the API key"));
    }

    @Test
    public void badRequestsSayNothingAboutTheProvider() {
        HealthTracker h = new HealthTracker(Health.up(), CLOCK);
        h.failure(failure(Kind.BAD_REQUEST));
        assertEquals(Health.up(), h.health());
        h.failure(failure(Kind.CUT_MID_STREAM));
        h.failure(failure(Kind.BAD_REQUEST));
        assertEquals(Health.Status.DEGRADED, h.health().status());
    }

    @Test
    public void configurationDownWins() {
        HealthTracker h = new HealthTracker(Health.down("no API key: set apiKey or apiKeyEnv"), CLOCK);
        h.success();
        assertEquals(Health.down("no API key: set apiKey or apiKeyEnv"), h.health());
    }
}
