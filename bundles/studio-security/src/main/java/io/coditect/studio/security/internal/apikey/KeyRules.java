package io.coditect.studio.security.internal.apikey;

import io.coditect.studio.api.StudioIds;
import io.coditect.studio.api.store.StoreException;
import io.coditect.studio.security.internal.rbac.Scopes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;

/** What an API key may be issued with; every failure is {@code INVALID} naming the rule. */
final class KeyRules {

    static final int NAME_MAX = 100;
    static final int MAX_LIFETIME_YEARS = 5;
    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    private KeyRules() {
    }

    static String name(String name) {
        String v = name == null ? "" : name.strip();
        if (v.isEmpty() || v.length() > NAME_MAX) {
            throw StoreException.invalid("API key name '" + StudioIds.printable(v) + "' has " + v.length()
                    + " characters: give 1 to " + NAME_MAX + ", for example 'CI pipeline'");
        }
        return v;
    }

    static Set<String> scopes(Set<String> scopes) {
        if (scopes == null) {
            throw StoreException.invalid("API key scopes are missing: give at least one, for example 'projects:read'");
        }
        Set<String> valid = new LinkedHashSet<>();
        for (String s : scopes) {
            if (!Scopes.isValid(s)) {
                throw StoreException.invalid("API key scope '" + StudioIds.printable(s) + "' is not known: use "
                        + Scopes.grammar());
            }
            valid.add(s);
        }
        return valid;
    }

    /** Null (never expires) or a time after now and at most five years ahead. */
    static Instant expiry(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            return null;
        }
        if (!expiresAt.isAfter(now)) {
            throw StoreException.invalid("API key expiry " + expiresAt + " is not in the future: give a later time, or"
                    + " none for a key that does not expire");
        }
        Instant latest = latestExpiry(now);
        if (expiresAt.isAfter(latest)) {
            throw StoreException.invalid("API key expiry " + expiresAt + " is more than " + MAX_LIFETIME_YEARS
                    + " years ahead: give " + latest + " or earlier");
        }
        return expiresAt;
    }

    static Instant latestExpiry(Instant now) {
        return now.atOffset(ZoneOffset.UTC).plusYears(MAX_LIFETIME_YEARS).toInstant();
    }

    static Duration overlap(Duration overlap) {
        if (overlap == null || overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw StoreException.invalid("rotation overlap " + overlap + " is out of range: give PT0S to "
                    + MAX_OVERLAP.toDays() + " days (P" + MAX_OVERLAP.toDays() + "D), how long the old key keeps "
                    + "working");
        }
        return overlap;
    }
}
