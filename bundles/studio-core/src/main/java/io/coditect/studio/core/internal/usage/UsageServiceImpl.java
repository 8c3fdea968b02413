package io.coditect.studio.core.internal.usage;

import java.util.List;

import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.security.AccessPolicy;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Operation;
import io.coditect.studio.api.security.Resource;
import io.coditect.studio.api.security.Target;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.usage.BudgetScope;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.api.usage.UsageStore;
import io.coditect.studio.api.usage.UsageTotal;
import io.coditect.studio.core.internal.tenancy.Access;
import io.coditect.studio.core.internal.tenancy.AuditTrail;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Usage reports and budgets for callers, confined to their organisation the way the tenancy service
 * confines them ({@link Access}); refusals are audited the same way.
 */
@Component(service = UsageService.class, immediate = true)
public final class UsageServiceImpl implements UsageService {

    private static final String READ = "usage.read";
    private static final String BUDGETS = "usage.budgets";

    private final UsageStore usage;
    private final UsageMeter meter;
    private final Access access;

    @Activate
    public UsageServiceImpl(@Reference(name = "usage") UsageStore usage, @Reference(name = "meter") UsageMeter meter,
            @Reference(name = "tenancy") TenancyStore tenancy, @Reference(name = "audit") AuditLog audit,
            @Reference(name = "transactions") Transactions transactions,
            @Reference(name = "policy") AccessPolicy policy) {
        this.usage = usage;
        this.meter = meter;
        this.access = new Access(tenancy, new AuditTrail(audit), transactions, policy);
    }

    @Override
    public List<UsageTotal> totals(Caller caller, String orgId, UsageFilter filter, UsageDimension groupBy) {
        Caller c = access.in(caller, orgId, READ);
        return usage.aggregate(orgId, visible(c, orgId, filter), groupBy == null ? UsageDimension.ORGANISATION
                : groupBy);
    }

    @Override
    public Page<UsageRecord> records(Caller caller, String orgId, UsageFilter filter, PageRequest page) {
        Caller c = access.in(caller, orgId, READ);
        return usage.list(orgId, visible(c, orgId, filter), page == null ? PageRequest.first() : page);
    }

    @Override
    public List<BudgetStatus> budgets(Caller caller, String orgId) {
        Caller c = access.in(caller, orgId, BUDGETS);
        List<BudgetStatus> all = meter.statuses(orgId);
        if (readsAll(c, orgId)) {
            return all;
        }
        access.require(c, BUDGETS, AuditTrail.user(c.userId()), Resource.USAGE, Operation.READ,
                Target.owned(orgId, null, c.userId()));
        return all.stream().filter(b -> b.scope() == BudgetScope.USER && b.scopeId().equals(c.userId())).toList();
    }

    /** Billing and organisation administrators read everything; anybody else their own usage only. */
    private UsageFilter visible(Caller c, String orgId, UsageFilter filter) {
        UsageFilter f = filter == null ? UsageFilter.ALL : filter;
        if (readsAll(c, orgId)) {
            return f;
        }
        String user = f.userId() == null ? c.userId() : f.userId();
        access.require(c, READ, AuditTrail.user(user), Resource.USAGE, Operation.READ, Target.owned(orgId, null, user));
        return f.withUser(user);
    }

    private boolean readsAll(Caller c, String orgId) {
        return access.allows(c, Resource.USAGE, Operation.READ, Target.organisation(orgId));
    }
}
