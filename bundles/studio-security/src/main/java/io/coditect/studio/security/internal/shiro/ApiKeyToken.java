package io.coditect.studio.security.internal.shiro;

import org.apache.shiro.authc.HostAuthenticationToken;

/** An API key ({@code <prefix>.<secret>}) presented as {@code Authorization: Bearer …}. */
public final class ApiKeyToken implements HostAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient String key;
    private final String host;

    public ApiKeyToken(String key, String host) {
        this.key = key;
        this.host = host;
    }

    public String key() {
        return key;
    }

    @Override
    public Object getPrincipal() {
        return null; // known only once the key is verified
    }

    @Override
    public String getCredentials() {
        return key;
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public String toString() {
        return "ApiKeyToken"; // never the key
    }
}
