/**
 * Services of the core that track plugins as they come and go. Implemented by {@code studio-core};
 * used by the REST layer, the shell and the router.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
