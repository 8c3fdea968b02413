/**
 * API keys of service accounts, as records: the store keeps the visible prefix and an HMAC digest,
 * never the secret. Issuing, hashing and checking keys is the security layer's work; it keeps the
 * records in an {@link io.coditect.studio.api.apikey.ApiKeyStore}.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.apikey;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
