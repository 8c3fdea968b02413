package io.coditect.studio.security.internal.apikey;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.Test;

public class ApiKeyCodecTest {

    static final byte[] HMAC_KEY = "0123456789abcdef0123456789abcdef".getBytes();

    private final ApiKeyCodec codec = new ApiKeyCodec(HMAC_KEY);

    @Test
    public void generatesPrefixOrganisationAndSecret() {
        ApiKeyCodec.Generated g = codec.generate("acme");
        assertTrue(g.prefix(), g.prefix().matches("csk_[0-9A-Za-z]{12}"));
        assertTrue(g.fullKey().matches("csk_[0-9A-Za-z]{12}\\.acme\\.[A-Za-z0-9_-]{43}"));
        assertTrue(g.fullKey().startsWith(g.prefix() + ".acme."));
        assertFalse("toString hides the key", g.toString().contains(g.fullKey()));

        ApiKeyCodec.Parsed p = codec.parse(g.fullKey()).orElseThrow();
        assertEquals(g.prefix(), p.prefix());
        assertEquals("acme", p.orgId());
        assertEquals(g.fullKey(), p.fullKey());
        assertFalse(p.toString().contains(p.secret()));
    }

    @Test
    public void keysAreUnique() {
        Set<String> prefixes = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ApiKeyCodec.Generated g = codec.generate("acme");
            prefixes.add(g.prefix());
            keys.add(g.fullKey());
            assertTrue(codec.parse(g.fullKey()).isPresent());
        }
        assertEquals(1000, prefixes.size());
        assertEquals(1000, keys.size());
    }

    @Test
    public void parseIsStrict() {
        String good = codec.generate("acme").fullKey();
        String[] parts = good.split("\\.");
        String[] bad = {null, "", "csk_", good + ".", "." + good, good + "x", good.substring(0, good.length() - 1),
                " " + good, good + " ", good + "\n", parts[0] + "." + parts[2], parts[0] + ".Acme." + parts[2],
                parts[0] + ".-acme." + parts[2], parts[0] + "..acme." + parts[2],
                parts[0].replace("csk_", "xsk_") + ".acme." + parts[2],
                parts[0] + "x.acme." + parts[2], parts[0] + ".acme." + parts[2].replace(parts[2].charAt(5), '+'),
                parts[0] + ".acme." + parts[2].substring(0, 42) + "B", // spare bits set: a second spelling
                parts[0] + ".acme." + "A".repeat(200)};
        for (String s : bad) {
            assertFalse(String.valueOf(s), codec.parse(s).isPresent());
        }
        assertTrue(codec.parse(parts[0] + ".a-1." + parts[2]).isPresent());
        assertThrows(IllegalArgumentException.class, () -> codec.generate("Not An Id"));
    }

    @Test
    public void digestIsAnHmacOfTheWholeKeyNeverTheSecret() {
        for (int i = 0; i < 200; i++) {
            ApiKeyCodec.Generated g = codec.generate("acme");
            String secret = g.fullKey().substring(g.fullKey().lastIndexOf('.') + 1);
            String digest = codec.digest(g.fullKey());
            assertTrue(digest, digest.matches("v1:[0-9a-f]{64}"));
            assertFalse(digest.contains(secret));
            assertFalse(digest.contains(secret.substring(0, 8)));
            assertNotEquals(g.fullKey(), digest);
            assertEquals("deterministic", digest, codec.digest(g.fullKey()));
            assertTrue(codec.matches(g.fullKey(), digest));
            assertFalse(codec.matches(g.fullKey() + "x", digest));
            assertFalse(codec.matches(g.fullKey(), digest.substring(0, 66) + (digest.endsWith("0") ? "1" : "0")));
            assertFalse(codec.matches(g.fullKey(), null));
        }
    }

    @Test
    public void anotherStudioKeyGivesAnotherDigest() {
        byte[] other = Arrays.copyOf(HMAC_KEY, HMAC_KEY.length);
        other[0] ^= 1;
        String key = codec.generate("acme").fullKey();
        assertNotEquals(codec.digest(key), new ApiKeyCodec(other).digest(key));
        assertFalse(new ApiKeyCodec(other).matches(key, codec.digest(key)));
    }

    @Test
    public void refusesAShortStudioKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ApiKeyCodec(new byte[16]));
        assertTrue(e.getMessage(), e.getMessage().contains("at least 32"));
    }
}
