package io.coditect.studio.persistence.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.persistence.spi.PersistenceProvider;
import javax.sql.DataSource;

import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.usage.UsageStore;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jdbc.DataSourceFactory;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The studio's database in OSGi: a {@link StudioDatabase} on a data source from pax-jdbc's
 * {@link DataSourceFactory} for the configured driver and EclipseLink's {@link PersistenceProvider}
 * service, publishing the stores as services. A change of configuration, driver or provider
 * re-creates it; the stores disappear while it is down and come back with it.
 */
// registered by hand, so the services are declared here for resolvers (Karaf's feature resolver)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.tenancy.TenancyStore\"",
        uses = TenancyStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.apikey.ApiKeyStore\"",
        uses = ApiKeyStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.session.SessionStore\"",
        uses = SessionStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.usage.UsageStore\"",
        uses = UsageStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.audit.AuditLog\"",
        uses = AuditLog.class)
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"io.coditect.studio.api.chat.ConversationStore\"",
        uses = ConversationStore.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"io.coditect.studio.api.store.Transactions\"",
        uses = Transactions.class)
@Component(service = {}, immediate = true, configurationPid = DatabaseComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DatabaseComponent.Config.class)
public final class DatabaseComponent {

    static final String PID = "io.coditect.studio.persistence";
    static final String H2_TARGET = "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=" + DatabaseSettings.H2_DRIVER
            + ")";
    static final String ECLIPSELINK_TARGET = "(javax.persistence.provider=org.eclipse.persistence.jpa.PersistenceProvider)";

    @ObjectClassDefinition(id = PID, name = "CODITECT Studio: database",
            description = "Where the studio keeps organisations, users, keys, sessions, usage and audit events. "
                    + "An embedded H2 file database by default; PostgreSQL by setting url, user, passwordEnv and "
                    + "dataSourceFactory.target.")
    public @interface Config {

        @AttributeDefinition(name = "JDBC URL", description = "For example "
                + "jdbc:postgresql://db.example.com:5432/studio. ${name} is replaced by the system property 'name' "
                + "(${karaf.data} falls back to ./data). Empty means " + DatabaseSettings.DEFAULT_URL + ".")
        String url() default DatabaseSettings.DEFAULT_URL;

        @AttributeDefinition(name = "User", required = false)
        String user() default "";

        @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
                description = "Prefer passwordEnv: a password here is stored in etc/ in plain text.")
        String password() default "";

        @AttributeDefinition(name = "Password environment variable", required = false,
                description = "Name of an environment variable holding the password, for example "
                        + "STUDIO_DB_PASSWORD; it wins over password.")
        String passwordEnv() default "";

        @AttributeDefinition(name = "Maximum connections", min = "1",
                description = "Most connections the studio keeps open to the database.")
        int maxConnections() default 10;

        @AttributeDefinition(name = "JDBC driver filter", description = "Which DataSourceFactory service to use: "
                + "(osgi.jdbc.driver.class=org.postgresql.Driver) for PostgreSQL (feature pax-jdbc-postgresql).")
        String dataSourceFactory_target() default H2_TARGET;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseComponent.class);

    private final StudioDatabase database;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public DatabaseComponent(Config config, BundleContext context,
            @Reference(name = "dataSourceFactory", target = H2_TARGET)
            Map.Entry<Map<String, Object>, DataSourceFactory> dataSourceFactory,
            @Reference(name = "persistenceProvider", target = ECLIPSELINK_TARGET) PersistenceProvider provider) {
        DatabaseSettings settings = DatabaseSettings.resolve(config.url(), config.user(), config.password(),
                config.passwordEnv(), System::getenv);
        Object driver = dataSourceFactory.getKey().get(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS);
        try {
            settings.requireDriver(String.valueOf(driver));
            DataSource dataSource = dataSourceFactory.getValue().createDataSource(settings.dataSourceProperties());
            this.database = StudioDatabase.open(dataSource, provider, new StudioDatabase.Settings(Clock.systemUTC(),
                    config.maxConnections(), context.getBundle().getEntry("/"), getClass().getClassLoader()));
        } catch (Exception e) {
            // the cause may carry the driver's words; the settings never carry the password
            LOG.error("the studio database at {} cannot be used: {}", settings, e.getMessage());
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("studio.database.product", database.product());
        registrations.add(context.registerService(TenancyStore.class, database.tenancy(), props));
        registrations.add(context.registerService(ApiKeyStore.class, database.apiKeys(), props));
        registrations.add(context.registerService(SessionStore.class, database.sessions(), props));
        registrations.add(context.registerService(UsageStore.class, database.usage(), props));
        registrations.add(context.registerService(AuditLog.class, database.audit(), props));
        registrations.add(context.registerService(ConversationStore.class, database.conversations(), props));
        registrations.add(context.registerService(Transactions.class, database.transactions(), props));
        LOG.info("studio database ready: {} at {}", database.product(), settings);
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        database.close();
    }

    StudioDatabase database() {
        return database;
    }
}
