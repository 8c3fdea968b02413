/**
 * Records of work sessions (each with its sandbox) and of their checkpoints (git commits), kept by a
 * {@link io.coditect.studio.api.session.SessionStore}. The live sandbox is the sandbox driver's;
 * this is what the studio remembers about it.
 */
@Version("1.3.0")
@Export
package io.coditect.studio.api.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
