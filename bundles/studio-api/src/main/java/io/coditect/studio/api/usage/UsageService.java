package io.coditect.studio.api.usage;

import java.util.List;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Usage reports and budgets for callers (REST, shell), with the studio's tenant and role checks
 * around the {@link UsageStore}.
 *
 * <p>Every method names an organisation: it must be the caller's own unless the caller administers
 * the studio; any other answers {@code NOT_FOUND} ({@link io.coditect.studio.api.store.StoreException}),
 * exactly as an organisation that does not exist. Billing and organisation administrators see all of
 * the organisation's usage; everybody else sees their own only: a filter without a user is narrowed
 * to the caller, one naming somebody else is refused with
 * {@link io.coditect.studio.api.security.AccessDeniedException}.
 */
@ProviderType
public interface UsageService {

    /**
     * Totals of the usage matching {@code filter} (null for all), one per value of {@code groupBy}
     * (null for one total of the organisation), ordered by key.
     */
    List<UsageTotal> totals(Caller caller, String orgId, UsageFilter filter, UsageDimension groupBy);

    /** The usage records matching {@code filter} (null for all), newest first. */
    Page<UsageRecord> records(Caller caller, String orgId, UsageFilter filter, PageRequest page);

    /**
     * The organisation's budgets with what the current period has used of each; callers who may not
     * read the organisation's usage see the budgets set on themselves only.
     */
    List<BudgetStatus> budgets(Caller caller, String orgId);
}
