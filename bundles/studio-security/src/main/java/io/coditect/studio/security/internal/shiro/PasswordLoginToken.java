package io.coditect.studio.security.internal.shiro;

import org.apache.shiro.authc.HostAuthenticationToken;

/** A password login: organisation, e-mail and password, from a client address. */
public final class PasswordLoginToken implements HostAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final String orgId;
    private final String email;
    private final transient char[] password;
    private final String host;

    /** @param password not copied: the caller clears it after the login */
    public PasswordLoginToken(String orgId, String email, char[] password, String host) {
        this.orgId = orgId;
        this.email = email;
        this.password = password;
        this.host = host;
    }

    public String orgId() {
        return orgId;
    }

    public String email() {
        return email;
    }

    @Override
    public String getPrincipal() {
        return email;
    }

    @Override
    public char[] getCredentials() {
        return password;
    }

    @Override
    public String getHost() {
        return host;
    }

    @Override
    public String toString() {
        return "PasswordLoginToken[" + orgId + "]"; // never the password; the e-mail is personal data
    }
}
