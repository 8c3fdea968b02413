package io.coditect.studio.plugins.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Plugin administration: configuration {@value #PID} ({@code etc/io.coditect.studio.plugins.cfg}). */
@ObjectClassDefinition(id = PluginsConfig.PID, name = "CODITECT Studio plugin administration",
        description = "Which plugin jars studio administrators may install.")
public @interface PluginsConfig {

    String PID = "io.coditect.studio.plugins";

    @AttributeDefinition(name = "Require signatures", required = false,
            description = "When true, an uploaded or Maven jar installs (or updates a plugin) only if every entry is"
                    + " signed by one of the trusted certificates. Features are not checked: their repositories are"
                    + " the administrator's own choice.")
    boolean requireSignature() default false;

    @AttributeDefinition(name = "Trusted certificates", required = false,
            description = "X.509 certificates in PEM: file paths (relative ones from the Karaf base folder; several"
                    + " may be separated by commas) or the PEM text itself. A jar is trusted when a certificate of its"
                    + " signer's chain is one of these or was issued by one of these.")
    String[] trustedCertificates() default {};
}
