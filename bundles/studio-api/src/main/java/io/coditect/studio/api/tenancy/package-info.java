/**
 * Organisations, their teams, users and projects, and who holds which {@link
 * io.coditect.studio.api.tenancy.Role} where: the tenancy model of the studio, kept by a
 * {@link io.coditect.studio.api.tenancy.TenancyStore} service. A user belongs to exactly one
 * organisation. Ids are slugs ({@link io.coditect.studio.api.StudioIds}) chosen by people, because
 * they become parts of storage keys and URLs.
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.tenancy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
