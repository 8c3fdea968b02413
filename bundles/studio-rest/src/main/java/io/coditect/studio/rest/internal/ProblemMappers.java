package io.coditect.studio.rest.internal;

import java.util.UUID;

import javax.ws.rs.WebApplicationException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns every exception that leaves a resource into a problem document. */
final class ProblemMappers {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMappers.class);

    private ProblemMappers() {
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath();
    }

    /** JAX-RS's own errors: unknown path, wrong method, unsupported media type … */
    static final class WebApplication implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            String detail;
            int code = status.getStatusCode();
            if (code == 404) {
                detail = e.getMessage() != null && !e.getMessage().startsWith("HTTP 404") ? e.getMessage()
                        : "There is no resource at this path; GET /api/v1/openapi.json lists every path.";
            } else if (code == 405) {
                detail = "This method is not allowed here; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(e.getResponse().getAllowedMethods())) + ".";
            } else {
                detail = e.getMessage() == null ? status.getReasonPhrase() : e.getMessage();
            }
            Response r = Problem.of(status, kindOf(code), detail, path(uri)).toResponse();
            if (code == 405) {
                return Response.fromResponse(r).allow(e.getResponse().getAllowedMethods()).build();
            }
            return r;
        }

        private static String kindOf(int status) {
            return switch (status) {
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 415 -> "unsupported-media-type";
                case 401 -> "unauthorized";
                case 403 -> "forbidden";
                default -> status >= 500 ? "server-error" : "bad-request";
            };
        }
    }

    /** Input that broke a rule; the message names the rule. */
    static final class InvalidInput implements ExceptionMapper<IllegalArgumentException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(IllegalArgumentException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-input", e.getMessage(), path(uri)).toResponse();
        }
    }

    /** A request body that is not the JSON the resource expects. */
    static final class InvalidJson implements ExceptionMapper<JsonProcessingException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(JsonProcessingException e) {
            String what = e instanceof UnrecognizedPropertyException u
                    ? "unknown field '" + u.getPropertyName() + "'; known fields: " + u.getKnownPropertyIds()
                    : e.getOriginalMessage();
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return Problem.of(Response.Status.BAD_REQUEST, "invalid-json",
                    "The request body is not valid: " + what + where, path(uri)).toResponse();
        }
    }

    /**
     * Anything else is our fault: log it with an incident id and tell the caller only that id, so no
     * internal detail (or secret) leaks.
     */
    static final class Unexpected implements ExceptionMapper<RuntimeException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(RuntimeException e) {
            if (e instanceof WebApplicationException w) {
                return new WebApplication().toResponse(w);
            }
            if (e instanceof IllegalArgumentException i) {
                return new InvalidInput().toResponse(i);
            }
            String incident = UUID.randomUUID().toString();
            LOG.error("incident {} on {}", incident, path(uri), e);
            return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "server-error",
                    "The server failed to handle this request. Report incident " + incident
                            + " to your administrator; the server log has the details.",
                    path(uri)).toResponse();
        }
    }
}
