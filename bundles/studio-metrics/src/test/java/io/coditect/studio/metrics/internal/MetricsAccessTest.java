package io.coditect.studio.metrics.internal;

import static io.coditect.studio.metrics.internal.MetricsAccess.Verdict.ALLOW;
import static io.coditect.studio.metrics.internal.MetricsAccess.Verdict.MISSING_TOKEN;
import static io.coditect.studio.metrics.internal.MetricsAccess.Verdict.NOT_LOCAL;
import static io.coditect.studio.metrics.internal.MetricsAccess.Verdict.WRONG_TOKEN;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.security.MessageDigest;

import org.junit.Test;

public class MetricsAccessTest {

    private static final String TOKEN = "m3trics-T0ken-9f2c1a";

    @Test
    public void withoutATokenLoopbackClientsAreServed() {
        for (String token : new String[] {null, "", "   "}) {
            MetricsAccess access = MetricsAccess.of(token);
            assertFalse(access.tokenRequired());
            for (String address : new String[] {"127.0.0.1", "127.3.2.1", "::1", "0:0:0:0:0:0:0:1", "[::1]",
                "::ffff:127.0.0.1"}) {
                assertEquals(address, ALLOW, access.check(null, address, false));
                // a bearer header changes nothing when no token is configured
                assertEquals(address, ALLOW, access.check("Bearer anything", address, false));
            }
        }
    }

    @Test
    public void withoutATokenOtherClientsAreForbidden() {
        MetricsAccess access = MetricsAccess.of("");
        for (String address : new String[] {"10.0.0.5", "192.168.1.20", "203.0.113.7", "2001:db8::1", "0.0.0.0",
            "::", "localhost", "", null}) {
            assertEquals(String.valueOf(address), NOT_LOCAL, access.check(null, address, false));
        }
    }

    @Test
    public void withoutATokenAProxiedLoopbackRequestIsForbidden() {
        // a reverse proxy on this machine connects from 127.0.0.1 for clients anywhere
        assertEquals(NOT_LOCAL, MetricsAccess.of("").check(null, "127.0.0.1", true));
    }

    @Test
    public void withATokenOnlyTheRightBearerTokenIsServedFromAnywhere() {
        MetricsAccess access = MetricsAccess.of("  " + TOKEN + "\n");
        assertTrue(access.tokenRequired());

        for (String address : new String[] {"127.0.0.1", "203.0.113.7"}) {
            for (boolean proxied : new boolean[] {false, true}) {
                assertEquals(ALLOW, access.check("Bearer " + TOKEN, address, proxied));
                assertEquals(ALLOW, access.check("bearer " + TOKEN, address, proxied));
                assertEquals(ALLOW, access.check("BEARER   " + TOKEN + " ", address, proxied));
                assertEquals(MISSING_TOKEN, access.check(null, address, proxied));
                assertEquals(MISSING_TOKEN, access.check("", address, proxied));
                assertEquals(MISSING_TOKEN, access.check("Bearer", address, proxied));
                assertEquals(MISSING_TOKEN, access.check("Bearer ", address, proxied));
                assertEquals(MISSING_TOKEN, access.check("Basic " + TOKEN, address, proxied));
                assertEquals(MISSING_TOKEN, access.check(TOKEN, address, proxied));
                assertEquals(WRONG_TOKEN, access.check("Bearer " + TOKEN + "x", address, proxied));
                assertEquals(WRONG_TOKEN, access.check("Bearer " + TOKEN.substring(1), address, proxied));
                assertEquals(WRONG_TOKEN, access.check("Bearer " + TOKEN.toUpperCase(), address, proxied));
                assertEquals(WRONG_TOKEN, access.check("Bearer x", address, proxied));
            }
        }
    }

    @Test
    public void aTokenThatIsStillSealedLetsNobodyIn() {
        String sealed = "ENC(AbCdEf0123456789)";
        MetricsAccess access = MetricsAccess.of(sealed);

        assertTrue(access.sealed());
        assertEquals(WRONG_TOKEN, access.check("Bearer " + sealed, "127.0.0.1", false));
        assertEquals(MISSING_TOKEN, access.check(null, "127.0.0.1", false));
        assertFalse(MetricsAccess.of(TOKEN).sealed());
    }

    @Test
    public void tokensAreComparedAsFixedLengthDigestsInConstantTime() throws Exception {
        // whatever the length of what is presented, the comparison is of two 32-byte SHA-256 digests
        for (String text : new String[] {"", "a", TOKEN, TOKEN.repeat(1000)}) {
            assertEquals(32, MetricsAccess.digest(text).length);
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes("UTF-8")),
                MetricsAccess.digest(TOKEN));
        byte[] a = MetricsAccess.digest(TOKEN);
        byte[] b = MetricsAccess.digest(TOKEN + "x");
        assertTrue(MetricsAccess.constantTimeEquals(a, a.clone()));
        assertFalse(MetricsAccess.constantTimeEquals(a, b));
        assertEquals(MessageDigest.isEqual(a, b), MetricsAccess.constantTimeEquals(a, b));

        // the configured token is kept only as its digest: no field holds it as text
        MetricsAccess access = MetricsAccess.of(TOKEN);
        for (Field field : MetricsAccess.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            field.setAccessible(true);
            Object value = field.get(access);
            assertFalse(field.getName(), value instanceof String || value instanceof char[]);
            if (value instanceof byte[] bytes) {
                assertArrayEquals(MetricsAccess.digest(TOKEN), bytes);
                assertNotEquals(TOKEN, new String(bytes, "UTF-8"));
            }
        }
    }

    @Test
    public void bearerReadsTheTokenOfTheBearerScheme() {
        assertEquals(TOKEN, MetricsAccess.bearer("Bearer " + TOKEN));
        assertEquals(null, MetricsAccess.bearer("Bearer a b"));
        assertEquals(null, MetricsAccess.bearer("Token " + TOKEN));
        assertEquals(null, MetricsAccess.bearer(null));
    }
}
