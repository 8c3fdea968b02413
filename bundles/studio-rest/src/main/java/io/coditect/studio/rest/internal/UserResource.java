package io.coditect.studio.rest.internal;

import java.util.Arrays;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.store.Page;
import io.coditect.studio.api.tenancy.TenancyService;
import io.coditect.studio.api.tenancy.User;
import io.coditect.studio.api.tenancy.UserFilter;

/** Users of an organisation; roles are granted through {@code /members}, never here. */
@Path("/v1/orgs/{org}/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {

    @JsonIgnoreProperties({"orgId", "tenantId", "role", "roles", "disabled", "createdAt", "studioAdmin"})
    public record CreateUser(String id, String email, String displayName, String password) {
        @Override
        public String toString() {
            return "CreateUser[" + id + "]";
        }
    }

    @JsonIgnoreProperties({"id", "orgId", "tenantId", "role", "roles", "createdAt", "studioAdmin"})
    public record UpdateUser(String email, String displayName, Boolean disabled) {
    }

    public record ChangePassword(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "ChangePassword";
        }
    }

    private final TenancyService tenancy;

    UserResource(TenancyService tenancy) {
        this.tenancy = tenancy;
    }

    @GET
    public Page<User> list(@PathParam("org") String org, @QueryParam("text") String text,
            @QueryParam("team") String team, @QueryParam("disabled") Boolean disabled,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return tenancy.listUsers(CallerContext.require(), org, new UserFilter(text, team, disabled),
                Paging.of(limit, cursor));
    }

    @POST
    public Response create(@PathParam("org") String org, CreateUser body) {
        Require.body(body);
        char[] password = body.password() == null ? null : body.password().toCharArray();
        try {
            User user = tenancy.createUser(CallerContext.require(),
                    User.of(org, body.id(), body.email(), body.displayName()), password);
            return Response.status(Response.Status.CREATED).entity(user).build();
        } finally {
            wipe(password);
        }
    }

    @GET
    @Path("/{user}")
    public User get(@PathParam("org") String org, @PathParam("user") String user) {
        return tenancy.user(CallerContext.require(), org, user);
    }

    @PATCH
    @Path("/{user}")
    public User update(@PathParam("org") String org, @PathParam("user") String user, UpdateUser body) {
        Require.body(body);
        Caller caller = CallerContext.require();
        User current = tenancy.user(caller, org, user);
        User changed = current;
        if (body.email() != null) {
            changed = changed.withEmail(body.email());
        }
        if (body.displayName() != null) {
            changed = changed.withDisplayName(body.displayName());
        }
        if (body.disabled() != null) {
            changed = changed.withDisabled(body.disabled());
        }
        return tenancy.updateUser(caller, changed);
    }

    @PUT
    @Path("/{user}/password")
    public Response changePassword(@PathParam("org") String org, @PathParam("user") String user,
            ChangePassword body) {
        Require.body(body);
        Require.present("newPassword", body.newPassword());
        char[] current = body.currentPassword() == null ? null : body.currentPassword().toCharArray();
        char[] next = body.newPassword().toCharArray();
        try {
            tenancy.changePassword(CallerContext.require(), org, user, current, next);
            return Response.noContent().build();
        } finally {
            wipe(current);
            wipe(next);
        }
    }

    @DELETE
    @Path("/{user}")
    public Response delete(@PathParam("org") String org, @PathParam("user") String user) {
        tenancy.deleteUser(CallerContext.require(), org, user);
        return Response.noContent().build();
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}
