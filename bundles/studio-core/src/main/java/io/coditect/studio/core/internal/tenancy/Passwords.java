package io.coditect.studio.core.internal.tenancy;

import io.coditect.studio.api.security.PasswordHasher;
import io.coditect.studio.api.store.StoreException;

/** Hashes passwords for the store; a password that breaks a rule is {@code INVALID} with the rule. */
final class Passwords {

    private final PasswordHasher hasher;

    Passwords(PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /** The hash, or null for no password (single sign-on or API keys only). */
    String hash(char[] password) {
        if (password == null) {
            return null;
        }
        try {
            return hasher.hash(password);
        } catch (IllegalArgumentException e) {
            throw StoreException.invalid(e.getMessage());
        }
    }

    boolean matches(char[] password, String hash) {
        return password != null && hash != null && hasher.verify(password, hash);
    }
}
