/**
 * The audit trail: who did what to which object of which organisation, from where, and with what
 * outcome, appended to and queried from an {@link io.coditect.studio.api.audit.AuditLog}.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
