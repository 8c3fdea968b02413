package io.coditect.studio.core.internal;

import java.time.Clock;
import java.util.Map;

import io.coditect.studio.api.registry.SandboxRegistry;
import io.coditect.studio.api.sandbox.SandboxDriver;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Tracks every {@link SandboxDriver} service. */
@Component(service = SandboxRegistry.class, immediate = true)
public class SandboxRegistryImpl extends PluginTracker<SandboxDriver> implements SandboxRegistry {

    public SandboxRegistryImpl() {
        super(SandboxDriver.KIND, SandboxDriver::id, SandboxDriver::displayName, SandboxDriver::health,
                Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDriver(SandboxDriver driver, ServiceReference<SandboxDriver> ref, Map<String, Object> properties) {
        add(driver, properties, ServiceOrigins.of(ref));
    }

    void removeDriver(SandboxDriver driver) {
        remove(driver);
    }
}
