package io.coditect.studio.security.internal.sso;

import java.io.IOException;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls to a provider's endpoints with the configured timeouts; a failure names the endpoint, never a credential. */
final class ProviderHttp {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

    private final ProviderSettings settings;

    ProviderHttp(ProviderSettings settings) {
        this.settings = settings;
    }

    /** {@code what} names the endpoint for people, for example "token endpoint". */
    HTTPResponse send(HTTPRequest request, String what) {
        request.setConnectTimeout(settings.connectTimeoutMillis());
        request.setReadTimeout(settings.readTimeoutMillis());
        // a redirect would carry the client secret or the access token to another address
        request.setFollowRedirects(false);
        try {
            return request.send();
        } catch (IOException e) {
            LOG.warn("Single sign-on provider '{}': its {} at {} cannot be reached: {}", settings.id(), what,
                    request.getURI().getHost(), e.toString());
            throw SsoFailure.invalid("provider_unreachable", "The identity provider " + settings.displayName()
                    + " cannot be reached; try again in a moment.");
        }
    }
}
