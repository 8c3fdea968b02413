package io.coditect.studio.core.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** Reads where a plugin service came from off its service reference. */
final class ServiceOrigins {

    private ServiceOrigins() {
    }

    static PluginTracker.Origin of(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        Object serviceId = ref.getProperty(Constants.SERVICE_ID);
        return new PluginTracker.Origin(b == null ? "?" : b.getSymbolicName(),
                b == null ? "?" : b.getVersion().toString(), b == null ? -1 : b.getBundleId(),
                ranking instanceof Integer r ? r : 0, serviceId instanceof Long l ? l : 0L);
    }
}
