package io.coditect.studio.rest.internal;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem document; every error of the API is one.
 *
 * @param type     a URI naming the kind of problem
 * @param title    short summary of the kind
 * @param status   the HTTP status
 * @param detail   what went wrong in this case and what to do about it
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://coditect.io/problems/";

    public static Problem of(Response.StatusType status, String kind, String detail, String instance) {
        return new Problem(TYPE_BASE + kind, status.getReasonPhrase(), status.getStatusCode(), detail, instance);
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
