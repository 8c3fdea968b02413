package io.coditect.studio.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Access to {@code /metrics}: configuration {@value #PID} ({@code etc/io.coditect.studio.metrics.cfg}). */
@ObjectClassDefinition(id = MetricsConfig.PID, name = "CODITECT Studio metrics",
        description = "Who may read the Prometheus metrics at /metrics.")
public @interface MetricsConfig {

    String PID = "io.coditect.studio.metrics";

    @AttributeDefinition(name = "Bearer token", type = AttributeType.PASSWORD, required = false,
            description = "Scrapers send it as 'Authorization: Bearer <token>'; required from every client once set."
                    + " Empty: only clients on this machine (loopback, not through a reverse proxy) are served."
                    + " May be sealed with studio:seal (ENC(...)).")
    String token() default "";
}
