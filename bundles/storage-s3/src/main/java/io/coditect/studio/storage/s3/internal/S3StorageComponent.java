package io.coditect.studio.storage.s3.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.storage.StorageBackend;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One S3 storage backend per factory configuration ({@value #PID}-&lt;name&gt;).
 *
 * <p>The component registers the {@link StorageBackend} service itself, with
 * {@link BundleContext#registerService}, instead of letting DS do it: DS would copy every
 * configuration property onto the service, the secret access key included. Registered this way the
 * service carries exactly {@code studio.plugin.id}, {@code studio.plugin.kind=storage} and
 * {@code studio.plugin.name}. A configuration change re-creates the component and its S3 client.
 */
@Component(service = {}, immediate = true, configurationPid = S3StorageComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = S3Config.class, factory = true)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.storage.StorageBackend\"",
        uses = StorageBackend.class)
public final class S3StorageComponent {

    /** Factory PID, also the metatype id. */
    public static final String PID = "io.coditect.studio.storage.s3";

    private static final Logger LOG = LoggerFactory.getLogger(S3StorageComponent.class);

    private final S3Storage storage;
    private final ServiceRegistration<StorageBackend> registration;

    @Activate
    public S3StorageComponent(BundleContext context, S3Config config) {
        this(context, config, System::getenv);
    }

    S3StorageComponent(BundleContext context, S3Config config, UnaryOperator<String> env) {
        S3Settings settings;
        try {
            settings = S3Settings.of(config, env);
        } catch (IllegalArgumentException e) {
            LOG.error("S3 storage configuration '{}' is invalid: {}", config.id(), e.getMessage());
            throw e;
        }
        storage = S3Storage.open(settings);
        try {
            registration = context.registerService(StorageBackend.class, storage, properties(settings));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        Health health = storage.health();
        if (health.isUp()) {
            LOG.info("S3 storage '{}' ready: {}", settings.id(), health.message());
        } else {
            LOG.warn("S3 storage '{}' is {}: {}", settings.id(), health.status(), health.message());
        }
    }

    /** The service properties: id, kind and name; never the credentials. */
    static Dictionary<String, Object> properties(S3Settings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PluginProperties.ID, settings.id());
        properties.put(PluginProperties.KIND, StorageBackend.KIND);
        properties.put(PluginProperties.DISPLAY_NAME, settings.displayName());
        return properties;
    }

    S3Storage storage() {
        return storage;
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already unregistered because the bundle is stopping
        }
        storage.close();
    }
}
