package io.coditect.studio.rest.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.coditect.studio.api.apikey.ApiKeyFilter;
import io.coditect.studio.api.apikey.ApiKeyRecord;
import io.coditect.studio.api.security.ApiKeyIssued;
import io.coditect.studio.api.security.ApiKeyService;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.TenancyService;

/** API keys of service accounts and users. The secret is in the answer to issue and rotate, and nowhere else. */
@Path("/v1/orgs/{org}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ApiKeyResource {

    /** A key as the API shows it: never the secret, never its digest. */
    public record ApiKeyView(String id, String orgId, String ownerId, String name, String prefix, Set<String> scopes,
            Instant expiresAt, Instant createdAt, Instant lastUsedAt, Instant revokedAt, boolean active) {
        static ApiKeyView of(ApiKeyRecord k) {
            return new ApiKeyView(k.id(), k.orgId(), k.ownerId(), k.name(), k.prefix(), k.scopes(), k.expiresAt(),
                    k.createdAt(), k.lastUsedAt(), k.revokedAt(), k.isActive(Instant.now()));
        }
    }

    /** The answer to issue and rotate: store {@code key} now, it is not shown again. */
    public record IssuedView(ApiKeyView apiKey, String key) {
        static IssuedView of(ApiKeyIssued issued) {
            return new IssuedView(ApiKeyView.of(issued.key()), issued.secret());
        }

        @Override
        public String toString() {
            return "IssuedView[" + apiKey.id() + "]";
        }
    }

    /** {@code scopes} default to {@code ["*"]}: everything the owner's roles allow. */
    @JsonIgnoreProperties({"orgId", "tenantId", "prefix", "digest", "createdAt", "lastUsedAt", "revokedAt"})
    public record IssueKey(String ownerId, String name, Set<String> scopes, Instant expiresAt) {
    }

    /** How long the old key keeps working, 0 to 30 days; default one day. */
    public record RotateKey(Long overlapSeconds) {
    }

    public record ApiKeyPage(List<ApiKeyView> items, long total, String nextCursor) {
    }

    private final ApiKeyService keys;
    private final TenancyService tenancy;

    ApiKeyResource(ApiKeyService keys, TenancyService tenancy) {
        this.keys = keys;
        this.tenancy = tenancy;
    }

    @GET
    public ApiKeyPage list(@PathParam("org") String org, @QueryParam("owner") String owner,
            @QueryParam("active") Boolean active, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        Caller caller = inOrganisation(org);
        Page<ApiKeyRecord> page = keys.list(caller, new ApiKeyFilter(owner, Boolean.TRUE.equals(active)),
                Paging.of(limit, cursor));
        return new ApiKeyPage(page.items().stream().map(ApiKeyView::of).toList(), page.total(), page.nextCursor());
    }

    @POST
    public Response issue(@PathParam("org") String org, IssueKey body) {
        Require.body(body);
        Caller caller = inOrganisation(org);
        Set<String> scopes = body.scopes() == null ? Set.of("*") : body.scopes();
        String owner = body.ownerId() == null ? caller.userId() : body.ownerId();
        ApiKeyIssued issued = keys.issue(caller, owner, body.name(), scopes, body.expiresAt());
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(IssuedView.of(issued)).build();
    }

    @GET
    @Path("/{key}")
    public ApiKeyView get(@PathParam("org") String org, @PathParam("key") String key) {
        return ApiKeyView.of(keys.find(inOrganisation(org), key));
    }

    /** Revokes the key at once. */
    @DELETE
    @Path("/{key}")
    public ApiKeyView revoke(@PathParam("org") String org, @PathParam("key") String key) {
        return ApiKeyView.of(keys.revoke(inOrganisation(org), key));
    }

    @POST
    @Path("/{key}/rotate")
    public Response rotate(@PathParam("org") String org, @PathParam("key") String key, RotateKey body) {
        Duration overlap = Duration.ofSeconds(body == null || body.overlapSeconds() == null ? 86_400
                : body.overlapSeconds());
        ApiKeyIssued issued = keys.rotate(inOrganisation(org), key, overlap);
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store")
                .entity(IssuedView.of(issued)).build();
    }

    /** The caller, after the tenancy service confirmed {@code org} is theirs (else not found, audited). */
    private Caller inOrganisation(String org) {
        Caller caller = CallerContext.require();
        tenancy.organisation(caller, org);
        return caller;
    }
}
