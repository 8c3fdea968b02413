package io.coditect.studio.api.sandbox;

import io.coditect.studio.api.Health;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Creates sandboxes. Registered as an OSGi service with the properties of
 * {@link io.coditect.studio.api.PluginProperties}.
 */
@ConsumerType
public interface SandboxDriver {

    /** Value of {@link io.coditect.studio.api.PluginProperties#KIND} for sandbox drivers. */
    String KIND = "sandbox";

    String id();

    String displayName();

    /**
     * Whether the driver can create sandboxes on this host; DOWN with a message naming what to
     * install or configure when it cannot.
     */
    Health health();

    /**
     * Creates and starts a sandbox.
     *
     * @throws SandboxException UNAVAILABLE when the host lacks what the driver needs (the message
     *                          says what), INVALID_SPEC when the spec cannot be honoured
     */
    Sandbox create(SandboxSpec spec);
}
