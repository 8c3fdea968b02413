package io.coditect.studio.rest.internal;

import java.util.Map;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.Credential;
import io.coditect.studio.api.tenancy.Role;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;

/** Who the caller is, with the roles the studio resolved for this request. */
@Path("/v1/me")
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    public record MeView(String orgId, String userId, String email, String displayName, Credential credential,
            Role orgRole, Map<String, Role> teamRoles, Set<String> scopes, boolean studioAdmin) {
    }

    private final TenancyService tenancy;

    MeResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public MeView me() {
        Caller caller = CallerContext.require();
        User user = tenancy.self(caller).orElse(null);
        return new MeView(caller.orgId(), caller.userId(), user == null ? null : user.email(),
                user == null ? null : user.displayName(), caller.credential(), caller.orgRole(), caller.teamRoles(),
                caller.scopes(), caller.studioAdmin());
    }
}
