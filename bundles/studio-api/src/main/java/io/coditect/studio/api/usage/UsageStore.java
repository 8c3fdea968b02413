package io.coditect.studio.api.usage;

import java.util.List;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Usage records, appended by the router and summed for dashboards and billing. Every read names the
 * organisation and counts nothing of another one. Records are facts and are never changed; the ids in
 * them are checked for form, not for existence, so history survives deleted users and projects.
 */
@ProviderType
public interface UsageStore {

    /** Appends a record ({@code INVALID} for negative counts or cost, or malformed ids). */
    UsageRecord record(UsageRecord usage);

    /** Records matching the filter, newest first. */
    Page<UsageRecord> list(String orgId, UsageFilter filter, PageRequest page);

    /**
     * Totals of the records matching the filter, one per value of {@code groupBy}, ordered by key
     * (the group without a key first). Give {@code from} and {@code to} for a period.
     */
    List<UsageTotal> aggregate(String orgId, UsageFilter filter, UsageDimension groupBy);
}
