package io.coditect.studio.rest.internal;

import javax.servlet.http.HttpServletRequest;

import org.apache.cxf.jaxrs.utils.JAXRSUtils;
import org.apache.cxf.message.Message;
import org.apache.cxf.transport.http.AbstractHTTPDestination;

import io.coditect.studio.api.security.AuthenticationException;
import io.coditect.studio.api.security.Caller;

/** The caller of the request being handled, kept on CXF's exchange. */
final class CallerContext {

    private CallerContext() {
    }

    static void set(Caller caller) {
        JAXRSUtils.getCurrentMessage().getExchange().put(Caller.class, caller);
    }

    /** The authenticated caller; only protected methods have one. */
    static Caller require() {
        Message message = JAXRSUtils.getCurrentMessage();
        Caller caller = message == null ? null : message.getExchange().get(Caller.class);
        if (caller == null) {
            throw new AuthenticationException(AuthenticationException.Reason.MISSING, "Sign in first.");
        }
        return caller;
    }

    /** The client's address as the server saw it (proxies' forwarded headers are not trusted). */
    static String sourceAddress() {
        HttpServletRequest request = servletRequest();
        return request == null ? null : request.getRemoteAddr();
    }

    static boolean isSecure() {
        HttpServletRequest request = servletRequest();
        return request != null && request.isSecure();
    }

    private static HttpServletRequest servletRequest() {
        Message message = JAXRSUtils.getCurrentMessage();
        return message == null ? null : (HttpServletRequest) message.get(AbstractHTTPDestination.HTTP_REQUEST);
    }
}
