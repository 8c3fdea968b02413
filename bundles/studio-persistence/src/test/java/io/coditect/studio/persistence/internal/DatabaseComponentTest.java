package io.coditect.studio.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.apikey.ApiKeyStore;
import io.coditect.studio.api.audit.AuditLog;
import io.coditect.studio.api.chat.ConversationStore;
import io.coditect.studio.api.session.SessionStore;
import io.coditect.studio.api.store.Transactions;
import io.coditect.studio.api.tenancy.Organisation;
import io.coditect.studio.api.tenancy.TenancyStore;
import io.coditect.studio.api.usage.UsageStore;
import org.eclipse.persistence.jpa.PersistenceProvider;
import org.h2.util.OsgiDataSourceFactory;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.jdbc.DataSourceFactory;

/**
 * The DS component outside OSGi: a real H2 DataSourceFactory (the one H2's bundle registers) and the
 * EclipseLink provider, a stand-in bundle context that records registrations.
 */
public class DatabaseComponentTest {

    /** Registrations made through the stand-in context. */
    private final List<Object[]> registered = new ArrayList<>();
    private final List<Object> unregistered = new ArrayList<>();

    @Test
    public void theComponentMigratesOpensAndPublishesTheStores() {
        DatabaseComponent component = new DatabaseComponent(config(h2Url("component"), "sa", "", "", 4), context(),
                h2Factory(), new PersistenceProvider());
        try {
            assertEquals(List.of(TenancyStore.class, ApiKeyStore.class, SessionStore.class, UsageStore.class,
                    AuditLog.class, ConversationStore.class, Transactions.class), registered.stream().map(r -> r[0])
                    .toList());
            TenancyStore tenancy = (TenancyStore) registered.get(0)[1];
            tenancy.createOrganisation(Organisation.of("acme", "Acme"));
            assertEquals("Acme", component.database().tenancy().findOrganisation("acme").orElseThrow().name());
            @SuppressWarnings("unchecked")
            Dictionary<String, Object> props = (Dictionary<String, Object>) registered.get(0)[2];
            assertTrue(String.valueOf(props.get("studio.database.product")).startsWith("H2"));
        } finally {
            component.deactivate();
        }
        assertEquals(7, unregistered.size());
    }

    @Test
    public void aPostgresqlUrlWithTheH2DriverSaysWhatToConfigure() {
        try {
            new DatabaseComponent(config("jdbc:postgresql://127.0.0.1:1/studio", "studio", "", "", 4), context(),
                    h2Factory(), new PersistenceProvider());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("dataSourceFactory.target"));
        }
        assertEquals(0, registered.size());
    }

    private static String h2Url(String name) {
        TestDatabase.h2DataSource(name);
        return "jdbc:h2:file:" + System.getProperty("basedir", ".") + "/target/h2/" + name + ";MODE=LEGACY";
    }

    private static Map.Entry<Map<String, Object>, DataSourceFactory> h2Factory() {
        return new AbstractMap.SimpleEntry<>(Map.of(DataSourceFactory.OSGI_JDBC_DRIVER_CLASS, "org.h2.Driver"),
                new OsgiDataSourceFactory(new org.h2.Driver()));
    }

    private BundleContext context() {
        URL root = DatabaseComponent.class.getProtectionDomain().getCodeSource().getLocation();
        Bundle bundle = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getEntry" -> root;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "registerService" -> {
                        registered.add(args);
                        yield registration(args[1]);
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServiceRegistration<?> registration(Object service) {
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "unregister" -> {
                        unregistered.add(service);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static DatabaseComponent.Config config(String url, String user, String password, String passwordEnv,
            int maxConnections) {
        return new DatabaseComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DatabaseComponent.Config.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String passwordEnv() {
                return passwordEnv;
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public String dataSourceFactory_target() {
                return DatabaseComponent.H2_TARGET;
            }
        };
    }
}
