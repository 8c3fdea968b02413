package io.coditect.studio.rest.internal;

import java.time.Instant;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.usage.UsageDimension;
import io.coditect.studio.api.usage.UsageFilter;
import io.coditect.studio.api.usage.UsageRecord;
import io.coditect.studio.api.usage.UsageService;
import io.coditect.studio.api.usage.UsageTotal;

/**
 * LLM usage of an organisation: totals grouped by user, team, project, provider, model or day, and
 * the records behind them, newest first. Billing and organisation administrators see everybody's,
 * other members their own.
 */
@Path("/v1/orgs/{org}/usage")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    /**
     * Usage totals.
     *
     * @param groupBy what each total covers ({@code ORGANISATION}: one total of everything matching)
     * @param from    the first instant counted, or null for the beginning
     * @param to      the first instant no longer counted, or null for now
     * @param totals  one per group, ordered by key (days as ISO dates); cost in USD
     */
    public record UsageReport(UsageDimension groupBy, Instant from, Instant to, List<UsageTotal> totals) {
    }

    private final UsageService usage;

    UsageResource(UsageService usage) {
        this.usage = usage;
    }

    /**
     * @param groupBy ORGANISATION (default), TEAM, USER, PROJECT, PROVIDER, MODEL or DAY
     * @param from    ISO-8601 instant or date (UTC), inclusive
     * @param to      ISO-8601 instant or date (UTC), exclusive
     * @param user    only this user's usage (members who are not billing administrators always see their own)
     */
    @GET
    public UsageReport totals(@PathParam("org") String org, @QueryParam("groupBy") String groupBy,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("user") String user,
            @QueryParam("team") String team, @QueryParam("project") String project,
            @QueryParam("provider") String provider, @QueryParam("model") String model) {
        UsageDimension by = QueryEnums.parse(UsageDimension.class, "groupBy", groupBy);
        UsageFilter filter = filter(from, to, user, team, project, provider, model);
        by = by == null ? UsageDimension.ORGANISATION : by;
        return new UsageReport(by, filter.from(), filter.to(), usage.totals(CallerContext.require(), org, filter,
                by));
    }

    /** The usage records matching the same filters, newest first. */
    @GET
    @Path("records")
    public Page<UsageRecord> records(@PathParam("org") String org, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("user") String user, @QueryParam("team") String team,
            @QueryParam("project") String project, @QueryParam("provider") String provider,
            @QueryParam("model") String model, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return usage.records(CallerContext.require(), org, filter(from, to, user, team, project, provider, model),
                Paging.of(limit, cursor));
    }

    private static UsageFilter filter(String from, String to, String user, String team, String project,
            String provider, String model) {
        return new UsageFilter(QueryInstants.parse("from", from), QueryInstants.parse("to", to), blank(team),
                blank(user), blank(project), blank(provider), blank(model));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
