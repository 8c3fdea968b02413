package io.coditect.studio.security.internal.sso;

import java.util.regex.Pattern;

/**
 * Error codes that came from a provider, made safe to show and to audit. OAuth error codes are
 * short ASCII words ({@code access_denied}); anything else is not echoed, because the text arrives
 * through the browser and anyone can put anything there.
 */
final class ProviderErrors {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private ProviderErrors() {
    }

    static String code(String error) {
        return error != null && CODE.matcher(error).matches() ? error : "unrecognised_error";
    }

    /** The provider refused at its authorization endpoint, for example the person pressed "Deny". */
    static SsoFailure authorizationError(ProviderSettings settings, String error) {
        String code = code(error);
        String hint = code.equals("access_denied") ? " You (or the provider's policy) declined the login."
                : " Start the login again; if it keeps failing, ask an administrator.";
        return SsoFailure.invalid("provider_error:" + code, "The identity provider " + settings.displayName()
                + " returned the error '" + code + "'." + hint);
    }

    /** The provider refused the code at its token endpoint. */
    static SsoFailure tokenError(ProviderSettings settings, String error) {
        String code = code(error);
        String hint = code.equals("invalid_client") || code.equals("unauthorized_client")
                ? " Ask an administrator to check the client id and secret of this provider."
                : " Start the login again.";
        return SsoFailure.invalid("token_error:" + code, "The identity provider " + settings.displayName()
                + " did not accept the login (" + code + ")." + hint);
    }
}
