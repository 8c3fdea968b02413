package io.coditect.studio.security.internal.tls;

import java.util.Locale;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpServletResponseWrapper;

/**
 * A response to an HTTPS request whose cookies all carry {@code Secure}, so a browser never sends
 * them over plain HTTP, whichever way the code below set them.
 */
final class SecureCookies extends HttpServletResponseWrapper {

    private static final String SET_COOKIE = "Set-Cookie";

    SecureCookies(HttpServletResponse response) {
        super(response);
    }

    @Override
    public void addCookie(Cookie cookie) {
        cookie.setSecure(true);
        super.addCookie(cookie);
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, secured(name, value));
    }

    @Override
    public void setHeader(String name, String value) {
        super.setHeader(name, secured(name, value));
    }

    /** {@code value} with {@code ; Secure} appended when it is a Set-Cookie header without it. */
    static String secured(String name, String value) {
        if (value == null || !SET_COOKIE.equalsIgnoreCase(name) || hasSecure(value)) {
            return value;
        }
        return value + "; Secure";
    }

    private static boolean hasSecure(String setCookie) {
        String[] parts = setCookie.split(";");
        // the first part is name=value, which may itself spell "secure"
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].strip().toLowerCase(Locale.ROOT).equals("secure")) {
                return true;
            }
        }
        return false;
    }
}
