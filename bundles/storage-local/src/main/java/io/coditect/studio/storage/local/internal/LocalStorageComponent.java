package io.coditect.studio.storage.local.internal;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.storage.ListPage;
import io.coditect.studio.api.storage.ObjectInfo;
import io.coditect.studio.api.storage.StorageBackend;
import io.coditect.studio.api.storage.StorageObject;
import io.coditect.studio.api.storage.StoragePath;
import io.coditect.studio.api.storage.WriteCondition;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's default object store as an OSGi service: a {@link LocalStorage} on the configured
 * root. A configuration change re-creates the component (and so the store) on the new root.
 */
@Component(service = StorageBackend.class, immediate = true, configurationPid = LocalStorageComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {"studio.plugin.id=local", "studio.plugin.kind=storage", "studio.plugin.name=Local files"})
@Designate(ocd = LocalStorageComponent.Config.class)
public final class LocalStorageComponent implements StorageBackend {

    static final String PID = "io.coditect.studio.storage.local";
    static final String DEFAULT_ROOT = "${karaf.data}/storage";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: local file storage",
            description = "The default object store: every object is a plain file under one root folder.")
    public @interface Config {

        @AttributeDefinition(name = "Root folder", description = "Folder holding the objects, created when missing. "
                + "${name} is replaced by the Java system property 'name'; ${karaf.data} falls back to ./data "
                + "when unset. Empty means " + DEFAULT_ROOT + ".")
        String root() default DEFAULT_ROOT;
    }

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");
    private static final Logger LOG = LoggerFactory.getLogger(LocalStorageComponent.class);

    private final LocalStorage storage;

    @Activate
    public LocalStorageComponent(Config config) {
        this.storage = new LocalStorage(rootOf(config.root()));
        Health health = storage.health();
        if (health.isUp()) {
            LOG.info("local storage ready: {}", health.message());
        } else {
            LOG.warn("local storage is {}: {}", health.status(), health.message());
        }
    }

    /**
     * The root folder for a configured value: blank means {@value #DEFAULT_ROOT}; {@code ${name}}
     * is replaced by a system property ({@code karaf.data} defaults to {@code ./data}).
     *
     * @throws IllegalArgumentException naming a property that is not set
     */
    static Path rootOf(String configured) {
        String value = configured == null || configured.isBlank() ? DEFAULT_ROOT : configured.trim();
        Matcher m = PROPERTY.matcher(value);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = System.getProperty(name);
            if (v == null && name.equals("karaf.data")) {
                v = "./data";
            }
            if (v == null) {
                throw new IllegalArgumentException("storage root '" + value + "' uses ${" + name
                        + "}, but the system property " + name + " is not set");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return Path.of(b.toString()).toAbsolutePath().normalize();
    }

    LocalStorage storage() {
        return storage;
    }

    @Override
    public String id() {
        return storage.id();
    }

    @Override
    public String displayName() {
        return storage.displayName();
    }

    @Override
    public Health health() {
        return storage.health();
    }

    @Override
    public Optional<ObjectInfo> stat(StoragePath path) {
        return storage.stat(path);
    }

    @Override
    public StorageObject get(StoragePath path) {
        return storage.get(path);
    }

    @Override
    public ObjectInfo put(StoragePath path, InputStream content, long length, WriteCondition condition) {
        return storage.put(path, content, length, condition);
    }

    @Override
    public ListPage list(StoragePath prefix, String cursor, int limit) {
        return storage.list(prefix, cursor, limit);
    }

    @Override
    public boolean delete(StoragePath path, WriteCondition condition) {
        return storage.delete(path, condition);
    }

    @Override
    public ObjectInfo copy(StoragePath from, StoragePath to) {
        return storage.copy(from, to);
    }
}
