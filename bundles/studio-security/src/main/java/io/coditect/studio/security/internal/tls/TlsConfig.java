package io.coditect.studio.security.internal.tls;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * HTTPS of the studio: configuration {@value #PID} ({@code etc/io.coditect.studio.security.tls.cfg}).
 * The port, addresses and an admin's own keystore are set in Pax Web's {@code org.ops4j.pax.web}.
 */
@ObjectClassDefinition(id = TlsConfig.PID, name = "CODITECT Studio HTTPS",
        description = "The self-signed certificate the studio makes when no keystore is configured in"
                + " org.ops4j.pax.web, and the security headers of its responses.")
public @interface TlsConfig {

    String PID = "io.coditect.studio.security.tls";

    @AttributeDefinition(name = "Manage HTTPS",
            description = "Turn HTTPS on in org.ops4j.pax.web with a generated certificate unless a keystore is"
                    + " configured there. Set to false (and org.osgi.service.http.secure.enabled = false) to serve"
                    + " plain HTTP only.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Certificate validity (days)",
            description = "How long a generated certificate is valid.", min = "1", max = "825")
    int validityDays() default 365;

    @AttributeDefinition(name = "Renew before expiry (days)",
            description = "A generated certificate that expires within this many days is replaced at the next start.",
            min = "0")
    int renewDaysBefore() default 30;

    @AttributeDefinition(name = "Extra certificate names", required = false,
            description = "DNS names or IP addresses the generated certificate lists besides localhost, 127.0.0.1,"
                    + " ::1 and this machine's host name, for example the name people type in their browser.")
    String[] subjectAltNames() default {};

    @AttributeDefinition(name = "HSTS max-age (seconds)",
            description = "Strict-Transport-Security max-age on HTTPS responses; 0 tells browsers to forget it.",
            min = "0")
    long hstsMaxAgeSeconds() default 31_536_000L;

    @AttributeDefinition(name = "Redirect remote HTTP to HTTPS",
            description = "Answer plain-HTTP requests from other machines with a redirect to the HTTPS port."
                    + " Requests from this machine (127.0.0.1, ::1) are served over HTTP. Turn it off behind a"
                    + " reverse proxy that terminates TLS on another machine.")
    boolean redirectRemoteHttp() default true;
}
