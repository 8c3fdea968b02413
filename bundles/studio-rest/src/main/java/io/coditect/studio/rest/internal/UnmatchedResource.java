package io.coditect.studio.rest.internal;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;

/**
 * Catches every path under {@code /api} that no resource claims, so that an unknown version or a
 * typo gets a problem document. JAX-RS prefers the resources' literal paths over this template.
 */
@Path("/")
@PublicEndpoint
public class UnmatchedResource {

    private static final String ANY = "{any: .*}";

    @GET
    @Path(ANY)
    public void get() {
        throw new NotFoundException();
    }

    @HEAD
    @Path(ANY)
    public void head() {
        throw new NotFoundException();
    }

    @POST
    @Path(ANY)
    public void post() {
        throw new NotFoundException();
    }

    @PUT
    @Path(ANY)
    public void put() {
        throw new NotFoundException();
    }

    @PATCH
    @Path(ANY)
    public void patch() {
        throw new NotFoundException();
    }

    @DELETE
    @Path(ANY)
    public void delete() {
        throw new NotFoundException();
    }

    @OPTIONS
    @Path(ANY)
    public void options() {
        throw new NotFoundException();
    }
}
