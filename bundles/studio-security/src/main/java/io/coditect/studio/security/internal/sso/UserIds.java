package io.coditect.studio.security.internal.sso;

import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import io.coditect.studio.api.StudioIds;

/** User ids for people created at their first single sign-on: the local part of the e-mail as a slug. */
final class UserIds {

    private static final int MAX_BASE = 50;
    private static final int NUMBERED = 99;

    private UserIds() {
    }

    /**
     * The slug of the e-mail's local part ({@code Jane.Doe+x@acme.com} gives {@code jane-doe-x}), or
     * the first of {@code slug-2}, {@code slug-3} … for which {@code isFree} holds.
     */
    static String unused(String email, Predicate<String> isFree) {
        String base = slug(email.substring(0, Math.max(0, email.indexOf('@'))));
        if (isFree.test(base)) {
            return base;
        }
        for (int n = 2; n <= NUMBERED; n++) {
            String candidate = base + "-" + n;
            if (isFree.test(candidate)) {
                return candidate;
            }
        }
        // a hundred people with one local part: a random suffix ends the search
        for (;;) {
            String candidate = base + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000), 16);
            if (isFree.test(candidate)) {
                return candidate;
            }
        }
    }

    static String slug(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_BASE) {
            slug = slug.substring(0, MAX_BASE).replaceAll("-+$", "");
        }
        return StudioIds.isValid(slug) ? slug : "user";
    }
}
