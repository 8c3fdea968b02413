package io.coditect.studio.rest.internal;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.audit.AuditEvent;
import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.audit.AuditOutcome;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.TenancyService;

/** The organisation's audit trail, newest first. */
@Path("/v1/orgs/{org}/audit-events")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final TenancyService tenancy;

    AuditResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    /**
     * @param action an action or a prefix of dot-separated words ({@code auth} matches {@code auth.login})
     * @param from   ISO-8601 instant or date (UTC), inclusive
     * @param to     ISO-8601 instant or date (UTC), exclusive
     */
    @GET
    public Page<AuditEvent> list(@PathParam("org") String org, @QueryParam("actor") String actor,
            @QueryParam("action") String action, @QueryParam("target") String target,
            @QueryParam("outcome") String outcome, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        AuditFilter filter = new AuditFilter(actor, action, target,
                QueryEnums.parse(AuditOutcome.class, "outcome", outcome), QueryInstants.parse("from", from),
                QueryInstants.parse("to", to));
        return tenancy.auditEvents(CallerContext.require(), org, filter, Paging.of(limit, cursor));
    }
}
