package io.coditect.studio.core.internal;

import java.time.Clock;
import java.util.Map;

import io.coditect.studio.api.registry.StorageRegistry;
import io.coditect.studio.api.storage.StorageBackend;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Tracks every {@link StorageBackend} service. */
@Component(service = StorageRegistry.class, immediate = true)
public class StorageRegistryImpl extends PluginTracker<StorageBackend> implements StorageRegistry {

    public StorageRegistryImpl() {
        super(StorageBackend.KIND, StorageBackend::id, StorageBackend::displayName, StorageBackend::health,
                Clock.systemUTC());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addBackend(StorageBackend backend, ServiceReference<StorageBackend> ref, Map<String, Object> properties) {
        add(backend, properties, ServiceOrigins.of(ref));
    }

    void removeBackend(StorageBackend backend) {
        remove(backend);
    }
}
