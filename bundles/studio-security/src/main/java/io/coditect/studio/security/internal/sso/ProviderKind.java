package io.coditect.studio.security.internal.sso;

import java.util.Locale;

/** The protocols an identity provider can speak, as named in the {@code type} setting. */
enum ProviderKind {
    OIDC,
    GOOGLE,
    GITHUB;

    static ProviderKind parse(String type) {
        String t = type == null || type.isBlank() ? "oidc" : type.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "oidc":
                return OIDC;
            case "google":
                return GOOGLE;
            case "github":
                return GITHUB;
            default:
                throw new IllegalArgumentException("type '" + type + "' is unknown: use oidc, google or github");
        }
    }

    /** Google is OpenID Connect with a known issuer; GitHub is plain OAuth 2. */
    boolean isOpenIdConnect() {
        return this != GITHUB;
    }
}
