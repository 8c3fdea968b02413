package io.coditect.studio.storage.s3.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.PluginProperties;
import io.coditect.studio.api.storage.StorageBackend;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** Configuration, service registration and keeping the secret out of properties and logs. */
public class S3StorageComponentTest {

    @Test
    public void theComponentRegistersAWorkingBackendWithoutTheSecret() throws Exception {
        S3Settings bucket = S3ProxyServer.get().newBucket("");
        Map<String, Object> values = new HashMap<>();
        values.put("id", "team-bucket");
        values.put("name", "Team bucket");
        values.put("endpoint", bucket.endpoint().toString());
        values.put("bucket", bucket.bucket());
        values.put("pathStyle", true);
        values.put("accessKeyId", S3ProxyServer.ACCESS_KEY);
        values.put("secretAccessKey", "");
        values.put("secretAccessKeyEnv", "TEAM_S3_SECRET");
        UnaryOperator<String> env = name -> name.equals("TEAM_S3_SECRET") ? S3ProxyServer.SECRET_KEY : null;

        AtomicReference<Object> service = new AtomicReference<>();
        AtomicReference<Dictionary<String, ?>> properties = new AtomicReference<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        S3StorageComponent component = new S3StorageComponent(context(service, properties, unregistered),
                config(values), env);

        StorageBackend backend = (StorageBackend) service.get();
        assertEquals("team-bucket", backend.id());
        assertEquals("Team bucket", backend.displayName());
        assertTrue(backend.health().message(), backend.health().isUp());
        putText(backend, "acme/x.txt", "via the component");
        assertEquals(17, backend.stat(key("acme/x.txt")).orElseThrow().size());

        Dictionary<String, ?> p = properties.get();
        assertEquals("team-bucket", p.get(PluginProperties.ID));
        assertEquals("storage", p.get(PluginProperties.KIND));
        assertEquals("Team bucket", p.get(PluginProperties.DISPLAY_NAME));
        assertEquals(3, p.size());
        for (Object v : Collections.list(p.elements())) {
            assertFalse(String.valueOf(v).contains(S3ProxyServer.SECRET_KEY));
        }
        assertFalse(component.storage().settings().toString().contains(S3ProxyServer.SECRET_KEY));

        component.deactivate();
        assertTrue(unregistered.get());
        String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/test.log")));
        assertTrue("the component logs its start", log.contains("S3 storage 'team-bucket' ready"));
        assertFalse("the secret is in the test log", log.contains(S3ProxyServer.SECRET_KEY));
    }

    @Test
    public void withoutCredentialsTheBackendIsRegisteredButDown() {
        Map<String, Object> values = new HashMap<>();
        values.put("bucket", "some-bucket");
        values.put("secretAccessKey", "ENC(v1:sealed-and-not-opened)");
        values.put("accessKeyId", "AKIDEXAMPLE");
        AtomicReference<Object> service = new AtomicReference<>();
        S3StorageComponent component = new S3StorageComponent(context(service, new AtomicReference<>(),
                new AtomicBoolean()), config(values), name -> null);
        Health h = ((StorageBackend) service.get()).health();
        assertEquals(Health.Status.DOWN, h.status());
        assertTrue(h.message(), h.message().contains("sealed"));
        component.deactivate();

        S3Settings none = S3Settings.of(config(Map.of("bucket", "some-bucket")), name -> null);
        assertNull(none.accessKeyId());
        assertTrue(none.credentialsProblem(), none.credentialsProblem().contains("AWS_ACCESS_KEY_ID"));
    }

    @Test
    public void settingsAreValidated() {
        for (Map<String, Object> bad : java.util.List.<Map<String, Object>>of(
                Map.of("bucket", "Bad_Bucket!"),
                Map.of("bucket", "ok-bucket", "id", "Not An Id"),
                Map.of("bucket", "ok-bucket", "endpoint", "ftp://example.com"),
                Map.of("bucket", "ok-bucket", "endpoint", "https://user:pw@example.com"),
                Map.of("bucket", "ok-bucket", "keyPrefix", "a/../b"),
                Map.of("bucket", "ok-bucket", "partSizeMiB", 1),
                Map.of("bucket", "ok-bucket", "multipartThresholdMiB", 4096))) {
            try {
                S3Settings.of(config(bad), name -> null);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                // expected; the message names the setting
            }
        }
        assertEquals("studio/data/", S3Settings.keyPrefix("/studio/data/"));
        assertEquals("", S3Settings.keyPrefix(" "));
        S3Settings aws = S3Settings.of(config(Map.of("bucket", "ok-bucket", "accessKeyId", "AKID",
                "secretAccessKey", "shh")), name -> null);
        assertNull(aws.endpoint());
        assertTrue(aws.location(), aws.location().contains("AWS S3 (us-east-1)"));
        assertFalse(aws.toString().contains("shh"));
    }

    // ---------------------------------------------------------------------------------------------

    private static BundleContext context(AtomicReference<Object> service, AtomicReference<Dictionary<String, ?>> props,
            AtomicBoolean unregistered) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(
                S3StorageComponentTest.class.getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("unregister")) {
                        unregistered.set(true);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(S3StorageComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registerService")) {
                        service.set(args[1]);
                        @SuppressWarnings("unchecked")
                        Dictionary<String, ?> d = (Dictionary<String, ?>) args[2];
                        props.set(d);
                        return registration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A configuration as ConfigAdmin would give it: the values given, the annotation's defaults otherwise. */
    static S3Config config(Map<String, Object> values) {
        return (S3Config) Proxy.newProxyInstance(S3StorageComponentTest.class.getClassLoader(),
                new Class<?>[] {S3Config.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return (Class<? extends Annotation>) S3Config.class;
                    }
                    Object v = values.get(method.getName());
                    if (v != null) {
                        return v;
                    }
                    Object d = method.getDefaultValue();
                    return d != null ? d : "";
                });
    }
}
