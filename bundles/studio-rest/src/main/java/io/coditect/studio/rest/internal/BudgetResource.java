package io.coditect.studio.rest.internal;

import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.usage.BudgetStatus;
import io.coditect.studio.api.usage.UsageService;

/**
 * The organisation's budgets with what the current period has used of each. They are set as
 * configurations ({@code io.coditect.studio.core.budget}); members who are not billing
 * administrators see the budgets set on themselves.
 */
@Path("/v1/orgs/{org}/budgets")
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    private final UsageService usage;

    BudgetResource(UsageService usage) {
        this.usage = usage;
    }

    /** Every budget on one page, ordered by scope, scope id and period. */
    @GET
    public Page<BudgetStatus> list(@PathParam("org") String org) {
        List<BudgetStatus> budgets = usage.budgets(CallerContext.require(), org);
        return new Page<>(budgets, budgets.size(), null);
    }
}
