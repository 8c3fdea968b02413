package io.coditect.studio.security.internal.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.OptionalInt;
import java.util.function.Supplier;

import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.Preprocessor;

/**
 * Security headers on every response of the studio: HSTS (RFC 6797: on HTTPS responses only),
 * {@code nosniff} and {@code no-referrer}; {@code Secure} on every cookie set over HTTPS; plain
 * HTTP from other machines is sent to the HTTPS port.
 *
 * <p>A whiteboard pre-processor rather than a filter: filters only see servlets of their own
 * context, and the API (CXF) and the web UI are registered through the HttpService, each in
 * its bundle's context; pre-processors run before every request is dispatched.
 */
@Component(service = Preprocessor.class, configurationPid = TlsConfig.PID)
public final class SecurityHeadersFilter implements Preprocessor {

    static final String HSTS = "Strict-Transport-Security";

    private final String hsts;
    private final boolean redirectRemoteHttp;
    private final Supplier<OptionalInt> securePort;

    @Activate
    public SecurityHeadersFilter(@Reference ConfigurationAdmin configurations, TlsConfig config) {
        this(config.hstsMaxAgeSeconds(), config.redirectRemoteHttp(), () -> securePort(configurations));
    }

    /** @param securePort the HTTPS port, empty while HTTPS is off */
    SecurityHeadersFilter(long hstsMaxAgeSeconds, boolean redirectRemoteHttp, Supplier<OptionalInt> securePort) {
        this.hsts = "max-age=" + hstsMaxAgeSeconds + "; includeSubDomains";
        this.redirectRemoteHttp = redirectRemoteHttp;
        this.securePort = securePort;
    }

    @Override
    public void init(FilterConfig filterConfig) {
        // nothing to set up: the configuration came with the component
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (request.isSecure()) {
            response.setHeader(HSTS, hsts);
            chain.doFilter(request, new SecureCookies(response));
            return;
        }
        if (redirectRemoteHttp && !isLoopback(request.getRemoteAddr())) {
            OptionalInt port = securePort.get();
            if (port.isPresent()) {
                response.setStatus(307);
                response.setHeader("Location", httpsLocation(request, port.getAsInt()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /** The same resource on HTTPS; 307 keeps the method and body of the request. */
    static String httpsLocation(HttpServletRequest request, int port) {
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        StringBuilder location = new StringBuilder("https://").append(host);
        if (port != 443) {
            location.append(':').append(port);
        }
        location.append(request.getRequestURI());
        if (request.getQueryString() != null) {
            location.append('?').append(request.getQueryString());
        }
        return location.toString();
    }

    private static boolean isLoopback(String remoteAddress) {
        String address = remoteAddress == null ? "" : remoteAddress.replace("[", "").replace("]", "");
        // only literals go on, which InetAddress parses and never looks up
        if (!address.matches("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-zA-Z:.%]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static OptionalInt securePort(ConfigurationAdmin configurations) {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(service.pid=" + PaxWebHttps.PID + ")");
            return found == null ? OptionalInt.empty() : new PaxWebHttps(found[0].getProperties()).securePort();
        } catch (IOException | InvalidSyntaxException e) {
            return OptionalInt.empty();
        }
    }
}
