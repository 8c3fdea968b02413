package io.coditect.studio.security.internal.shiro;

/** An API key ({@code csk_…}) presented as {@code Authorization: Bearer …}. */
public final class ApiKeyToken extends PresentedSecret {

    private static final long serialVersionUID = 1L;

    public ApiKeyToken(String key, String host) {
        super(key, host);
    }

    public String key() {
        return secret();
    }
}
