package io.coditect.studio.security.internal.password;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class Pbkdf2PasswordHasherTest {

    // the work factor does not change the logic; keep the tests quick
    private final Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);

    @Test
    public void roundTrip() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertTrue(hash, hash.matches("\\$pbkdf2-sha256\\$i=10000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"));
        assertTrue(hasher.verify("correct horse battery".toCharArray(), hash));
        assertNotEquals("a new salt each time", hash, hasher.hash("correct horse battery".toCharArray()));
    }

    @Test
    public void wrongPasswordFails() {
        String hash = hasher.hash("correct horse battery".toCharArray());
        assertFalse(hasher.verify("correct horse batterx".toCharArray(), hash));
        assertFalse(hasher.verify("".toCharArray(), hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    public void theDefaultIsOwaspsAndItsHashesVerifyEverywhere() {
        Pbkdf2PasswordHasher standard = new Pbkdf2PasswordHasher();
        assertEquals(600_000, standard.iterations());
        String hash = hasher.hash("correct horse battery".toCharArray());
        // the count is in the hash, so a hasher with other settings still checks it
        assertTrue(standard.verify("correct horse battery".toCharArray(), hash));
        assertTrue(standard.needsRehash(hash));
        assertFalse(hasher.needsRehash(hash));
        assertFalse(hasher.needsRehash("garbage"));
    }

    @Test
    public void malformedHashesAreFalseNotErrors() {
        char[] pw = "correct horse battery".toCharArray();
        String good = hasher.hash(pw);
        String[] bad = {null, "", "plain", "$argon2id$v=19$m=65536,t=3,p=4$abc$def", "$pbkdf2-sha256$i=x$a$b",
            "$pbkdf2-sha256$i=10000$!!$!!", good.substring(0, good.length() - 4), good + "$extra",
            good.replace("i=10000", "i=99"), good.replace("i=10000", "i=2000000000"),
            "$pbkdf2-sha256$i=10000$AAAA$AAAA"};
        for (String h : bad) {
            assertFalse(String.valueOf(h), hasher.verify(pw, h));
        }
    }

    @Test
    public void passwordRulesAreNamed() {
        assertRule("too short", "short pw");
        assertRule("at least 12", "elevenchars");
        assertRule("too long", "x".repeat(257));
        assertRule("only blanks", " ".repeat(12));
        assertRule("only blanks", "\t\n \u00a0        ");
        assertRule("missing", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> hasher.hash(null));
        assertTrue(e.getMessage().contains("missing"));
        // the limits themselves are fine
        hasher.hash("x".repeat(12).toCharArray());
        hasher.hash("x".repeat(256).toCharArray());
        hasher.hash(" leading and trailing blanks ".toCharArray());
    }

    @Test
    public void iterationsOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pbkdf2PasswordHasher(1_000));
        assertThrows(IllegalArgumentException.class, () -> new Pbkdf2PasswordHasher(20_000_000));
    }

    private void assertRule(String words, String password) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> hasher.hash(password.toCharArray()));
        assertTrue(e.getMessage(), e.getMessage().contains(words));
    }
}
