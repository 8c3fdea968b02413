package io.coditect.studio.security.internal.sso;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.nimbusds.openid.connect.sdk.claims.ClaimsSet;

/**
 * Reads the claims the studio uses from a validated ID token, tolerating the spellings providers
 * really send (a boolean as a string, one group as a plain string, groups nested in an object).
 */
final class IdTokenClaims {

    private final ClaimsSet claims;

    IdTokenClaims(ClaimsSet claims) {
        this.claims = claims;
    }

    /** A non-blank string claim, stripped, or null. */
    String string(String name) {
        Object v = claims.getClaim(name);
        return v instanceof String && !((String) v).isBlank() ? ((String) v).strip() : null;
    }

    /** OpenID Connect: {@code email_verified} false means unverified; an absent claim makes no statement. */
    boolean isEmailVerified() {
        Object v = claims.getClaim("email_verified");
        if (v == null) {
            return true;
        }
        return Boolean.TRUE.equals(v) || (v instanceof String && ((String) v).strip().equalsIgnoreCase("true"));
    }

    String displayName(String email, String subject) {
        String name = string("name");
        if (name != null) {
            return name;
        }
        String given = string("given_name");
        String family = string("family_name");
        if (given != null || family != null) {
            return ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
        }
        String preferred = string("preferred_username");
        if (preferred != null) {
            return preferred;
        }
        return email != null && email.indexOf('@') > 0 ? email.substring(0, email.indexOf('@')) : subject;
    }

    /**
     * The groups in claim {@code name}: a list of strings or one string; a dotted name such as
     * {@code realm_access.roles} (Keycloak) reaches into nested objects when no claim has the
     * whole name.
     */
    List<String> groups(String name) {
        Object v = claims.getClaim(name);
        if (v == null && name.contains(".")) {
            v = nested(name);
        }
        List<String> groups = new ArrayList<>();
        if (v instanceof String) {
            groups.add(((String) v).strip());
        } else if (v instanceof Collection) {
            for (Object g : (Collection<?>) v) {
                if (g instanceof String) {
                    groups.add(((String) g).strip());
                }
            }
        }
        return groups;
    }

    private Object nested(String path) {
        String[] parts = path.split("\\.");
        Object v = claims.getClaim(parts[0]);
        for (int i = 1; i < parts.length && v != null; i++) {
            v = v instanceof Map ? ((Map<?, ?>) v).get(parts[i]) : null;
        }
        return v;
    }
}
