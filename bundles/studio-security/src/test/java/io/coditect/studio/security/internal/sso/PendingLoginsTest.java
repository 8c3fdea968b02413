package io.coditect.studio.security.internal.sso;

import java.time.Instant;
import io.coditect.studio.persistence.testing.MutableClock;
import static org.junit.Assert.assertEquals;

import java.net.URI;
import java.time.Duration;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import org.junit.Test;

public class PendingLoginsTest {

    private final MutableClock clock = new MutableClock(Instant.now());
    private final PendingLogins pending = new PendingLogins(clock, Duration.ofMinutes(10), 3);

    private PendingLogin start() {
        PendingLogin login = new PendingLogin(new State(), "p", new Nonce(), new CodeVerifier(),
                URI.create("https://studio.example.com/cb"), clock.instant());
        pending.add(login);
        return login;
    }

    @Test
    public void aStateIsTakenOnce() {
        PendingLogin login = start();
        assertEquals(PendingLogins.Status.VALID, pending.take(login.state().getValue()).status());
        assertEquals(PendingLogins.Status.UNKNOWN, pending.take(login.state().getValue()).status());
        assertEquals(PendingLogins.Status.UNKNOWN, pending.take(null).status());
    }

    @Test
    public void aStateExpires() {
        PendingLogin login = start();
        clock.advance(Duration.ofMinutes(10));
        assertEquals(PendingLogins.Status.EXPIRED, pending.take(login.state().getValue()).status());
    }

    @Test
    public void theOldestAreDroppedAtCapacityAndExpiredOnesOnTheWay() {
        PendingLogin first = start();
        start();
        start();
        PendingLogin fourth = start();
        assertEquals(3, pending.size());
        assertEquals(PendingLogins.Status.UNKNOWN, pending.take(first.state().getValue()).status());
        assertEquals(PendingLogins.Status.VALID, pending.take(fourth.state().getValue()).status());

        clock.advance(Duration.ofMinutes(11));
        start();
        assertEquals("the expired ones went", 1, pending.size());
    }
}
