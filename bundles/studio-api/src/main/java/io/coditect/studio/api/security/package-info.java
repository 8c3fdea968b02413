/**
 * Who is calling and what they may do: the authenticated {@link io.coditect.studio.api.security.Caller}
 * every service receives, the RBAC check ({@link io.coditect.studio.api.security.AccessPolicy}, SDD
 * §5.2), logging in and out with tokens ({@link io.coditect.studio.api.security.Authenticator}),
 * single sign-on ({@link io.coditect.studio.api.security.SsoLogin}) and API keys for service
 * accounts ({@link io.coditect.studio.api.security.ApiKeyService}).
 *
 * <p>Services check access themselves with the caller they are given, so a route that forgets a
 * filter still cannot leak: an object of another organisation is reported exactly like one that
 * does not exist ({@link io.coditect.studio.api.store.StoreException.Kind#NOT_FOUND}); a known
 * object the caller's role does not allow is an {@link io.coditect.studio.api.security.AccessDeniedException}.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
