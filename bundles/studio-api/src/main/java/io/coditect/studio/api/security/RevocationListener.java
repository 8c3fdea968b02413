package io.coditect.studio.api.security;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a credential stops working before its expiry, so that whatever it opened (WebSocket
 * connections, event streams) is closed at once. Register as an OSGi service.
 */
@ConsumerType
public interface RevocationListener {

    /**
     * @param orgId        the organisation
     * @param credentialId a login session id ({@link Caller#credentialId()} of a token caller) or
     *                     an API key id
     */
    void revoked(String orgId, String credentialId);
}
