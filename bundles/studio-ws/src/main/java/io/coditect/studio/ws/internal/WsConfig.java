package io.coditect.studio.ws.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The WebSocket endpoint at {@code /ws}: configuration {@value #PID} ({@code etc/io.coditect.studio.ws.cfg}). */
@ObjectClassDefinition(id = WsConfig.PID, name = "CODITECT Studio WebSocket events",
        description = "Who may open a session's event stream over a WebSocket at /ws.")
public @interface WsConfig {

    String PID = "io.coditect.studio.ws";

    @AttributeDefinition(name = "Allowed origins", required = false,
            description = "Browser origins (scheme://host[:port], e.g. https://studio.example.com) allowed besides the"
                    + " page's own origin (the Origin whose host and port equal the Host header). Needed behind a"
                    + " reverse proxy that rewrites Host.")
    String[] allowedOrigins() default {};

    @AttributeDefinition(name = "Credential re-check (seconds)", required = false,
            description = "How often the token of every open socket is checked again; a socket whose token expired"
                    + " or was revoked is closed with code 4001.")
    int recheckSeconds() default 60;
}
