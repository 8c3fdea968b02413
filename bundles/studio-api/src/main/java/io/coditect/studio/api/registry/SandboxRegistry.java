package io.coditect.studio.api.registry;

import io.coditect.studio.api.sandbox.SandboxDriver;
import org.osgi.annotation.versioning.ProviderType;

/** The sandbox drivers now registered. */
@ProviderType
public interface SandboxRegistry extends PluginRegistry<SandboxDriver> {
}
