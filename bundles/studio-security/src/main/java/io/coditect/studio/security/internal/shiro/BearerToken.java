package io.coditect.studio.security.internal.shiro;

/** A session access token (JWT) presented as {@code Authorization: Bearer …}. */
public final class BearerToken extends PresentedSecret {

    private static final long serialVersionUID = 1L;

    public BearerToken(String token, String host) {
        super(token, host);
    }

    public String token() {
        return secret();
    }
}
