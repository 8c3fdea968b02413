package io.coditect.studio.security.internal;

import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.security.TokenPair;

/**
 * Starts a login session for a user who has proved who they are (password, single sign-on) and
 * returns its tokens. Implemented by the token service; used by every way of logging in.
 */
public interface SessionIssuer {

    TokenPair issue(String orgId, String userId, Credential credential, String sourceAddress);
}
