package io.coditect.studio.security.internal.shiro;

import org.apache.shiro.authc.HostAuthenticationToken;

/**
 * A bearer credential as presented, before any realm has checked it: the secret and the client's
 * address. Subclasses only say which realm it is for; none ever prints the secret.
 */
abstract class PresentedSecret implements HostAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient String secret;
    private final String host;

    PresentedSecret(String secret, String host) {
        this.secret = secret;
        this.host = host;
    }

    String secret() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return null; // known only once a realm has verified the secret
    }

    @Override
    public String getCredentials() {
        return secret;
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}
