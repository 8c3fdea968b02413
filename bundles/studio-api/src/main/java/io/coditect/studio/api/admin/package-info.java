/**
 * Plugin administration for studio administrators: list the plugin bundles (LLM providers, storage
 * backends, sandbox drivers) with their state, the SPI version range they import, their
 * configurations and health; install them from a Karaf feature, a Maven coordinate or an uploaded
 * jar; update, start, stop and uninstall them; and manage their factory configurations, all live,
 * without refreshing or restarting the core or any other plugin.
 *
 * <p>Every operation takes the {@link io.coditect.studio.api.security.Caller}: only studio
 * administrators may use it (others get an {@link io.coditect.studio.api.security.AccessDeniedException}),
 * and every change and every refusal is audited. Failures are
 * {@link io.coditect.studio.api.store.StoreException}s: NOT_FOUND for an id that is not a plugin,
 * INVALID for a jar or request that is refused (the message says why, for example which package
 * and version a plugin needs that the studio does not export), CONFLICT for a clash with what is
 * installed, UNAVAILABLE when the framework or a repository failed. A refused operation changed
 * nothing.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
