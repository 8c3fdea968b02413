/**
 * What every store of the studio shares: paging ({@link io.coditect.studio.api.store.Page},
 * {@link io.coditect.studio.api.store.PageRequest}), the typed failure
 * {@link io.coditect.studio.api.store.StoreException} and
 * {@link io.coditect.studio.api.store.Transactions} to make several store calls one atomic change.
 *
 * <p>Rules common to the stores in {@code tenancy}, {@code apikey}, {@code session}, {@code usage}
 * and {@code audit}:
 * <ul>
 * <li><b>Tenant isolation.</b> Every read names the organisation and returns nothing of another one:
 * asking organisation B for an id of organisation A answers empty or {@code NOT_FOUND}, exactly as
 * for an id that does not exist.</li>
 * <li><b>Ids.</b> Organisations, teams, users and projects have ids chosen by people (slugs that
 * follow {@link io.coditect.studio.api.StudioIds}); teams, users and projects are unique within their
 * organisation. Records the studio creates (API keys, sessions, checkpoints, usage records, audit
 * events) get a UUID from the store: version 7 (time-ordered), in lower case, which also satisfies
 * {@code StudioIds}.</li>
 * <li><b>Time.</b> Instants are kept to the millisecond; a record read back carries the truncated
 * value.</li>
 * <li><b>Writes</b> validate their input and fail with {@code INVALID}, {@code NOT_FOUND} or
 * {@code CONFLICT}; a failed write changes nothing.</li>
 * </ul>
 */
@Version("1.0.0")
@Export
package io.coditect.studio.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
