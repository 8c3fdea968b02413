package io.coditect.studio.ws.internal;

import java.util.Dictionary;
import java.util.Hashtable;

import javax.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.coditect.studio.api.chat.ChatService;
import io.coditect.studio.api.chat.SessionEvents;
import io.coditect.studio.api.security.Authenticator;
import io.coditect.studio.api.security.RevocationListener;

/**
 * Serves sessions' events over WebSockets at {@value #PATH} on the HTTP whiteboard (Pax Web's default
 * context, the Jetty that serves the web UI and the API), and closes the sockets of a revoked
 * credential (it is a {@link RevocationListener}).
 */
@Component(service = RevocationListener.class, immediate = true, configurationPid = WsConfig.PID)
@Designate(ocd = WsConfig.class)
public final class EventSocketEndpoint implements RevocationListener {

    static final String PATH = "/ws";
    static final String SERVLET_NAME = "studio-ws";

    private static final Logger LOG = LoggerFactory.getLogger(EventSocketEndpoint.class);

    @Reference
    SessionEvents events;

    @Reference
    ChatService chat;

    @Reference
    Authenticator authenticator;

    private volatile OpenSockets sockets;
    private EventSocketServlet servlet;
    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context, WsConfig config) {
        sockets = new OpenSockets(authenticator);
        sockets.recheckEvery(config.recheckSeconds());
        servlet = new EventSocketServlet(events, chat, authenticator, sockets, OriginPolicy.of(config.allowedOrigins()));
        registration = context.registerService(Servlet.class, servlet, servletProperties());
        LOG.info("session events over WebSockets at {}", PATH);
    }

    @Modified
    void modified(WsConfig config) {
        servlet.origins(OriginPolicy.of(config.allowedOrigins()));
        sockets.recheckEvery(config.recheckSeconds());
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
        sockets.closeAll(1001, "the studio is going away");
    }

    @Override
    public void revoked(String orgId, String credentialId) {
        OpenSockets s = sockets;
        if (s != null) {
            s.revoked(orgId, credentialId);
        }
    }

    static Dictionary<String, Object> servletProperties() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.pattern", PATH);
        properties.put("osgi.http.whiteboard.servlet.name", SERVLET_NAME);
        properties.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=default)");
        return properties;
    }
}
