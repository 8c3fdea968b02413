package io.coditect.studio.security.internal.shiro;

import org.apache.shiro.authc.HostAuthenticationToken;

/** A session access token (JWT) presented as {@code Authorization: Bearer …}. */
public final class BearerToken implements HostAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient String token;
    private final String host;

    public BearerToken(String token, String host) {
        this.token = token;
        this.host = host;
    }

    public String token() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return null; // known only once the token is verified
    }

    @Override
    public String getCredentials() {
        return token;
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public String toString() {
        return "BearerToken"; // never the token
    }
}
