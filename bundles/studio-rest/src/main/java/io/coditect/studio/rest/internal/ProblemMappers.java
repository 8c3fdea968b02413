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

import io.coditect.studio.api.security.AccessDeniedException;
import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.store.StoreException;

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
            } else if (code == 415) {
                detail = "This request takes a JSON body: send it with 'Content-Type: application/json'"
                        + " (plugin jars: 'Content-Type: application/java-archive'; GET /api/v1/openapi.json shows"
                        + " each body).";
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

    /** A failure of a store: not found (also for other tenants' objects), conflict, invalid, unavailable. */
    static final class Store implements ExceptionMapper<StoreException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(StoreException e) {
            Response.StatusType status = switch (e.kind()) {
                case NOT_FOUND -> Response.Status.NOT_FOUND;
                case CONFLICT -> Response.Status.CONFLICT;
                case INVALID -> Response.Status.BAD_REQUEST;
                case UNAVAILABLE -> Response.Status.SERVICE_UNAVAILABLE;
            };
            String kind = switch (e.kind()) {
                case NOT_FOUND -> "not-found";
                case CONFLICT -> "conflict";
                case INVALID -> "invalid-input";
                case UNAVAILABLE -> "unavailable";
            };
            return Problem.of(status, kind, e.getMessage(), path(uri)).toResponse();
        }
    }

    /** The caller is known but their role does not allow it. */
    static final class Denied implements ExceptionMapper<AccessDeniedException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(AccessDeniedException e) {
            return Problem.of(Response.Status.FORBIDDEN, "forbidden", e.getMessage(), path(uri)).toResponse();
        }
    }

    /** No credential, or one that is not accepted; too many failed logins. */
    static final class Unauthenticated implements ExceptionMapper<AuthenticationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(AuthenticationException e) {
            if (e.reason() == AuthenticationException.Reason.THROTTLED) {
                long seconds = e.retryAfter() == null ? 60 : Math.max(1, e.retryAfter().toSeconds());
                return Response.fromResponse(Problem.of(Response.Status.TOO_MANY_REQUESTS, "too-many-attempts",
                        e.getMessage(), path(uri)).toResponse()).header("Retry-After", seconds).build();
            }
            String error = e.reason() == AuthenticationException.Reason.MISSING ? "Bearer realm=\"coditect\""
                    : "Bearer realm=\"coditect\", error=\"invalid_token\"";
            return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "unauthorized", e.getMessage(),
                    path(uri)).toResponse()).header("WWW-Authenticate", error).build();
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
            if (e instanceof StoreException se) {
                return new Store().toResponse(se);
            }
            if (e instanceof AccessDeniedException ad) {
                return new Denied().toResponse(ad);
            }
            if (e instanceof AuthenticationException ae) {
                return new Unauthenticated().toResponse(ae);
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
