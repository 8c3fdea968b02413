package io.coditect.studio.plugins.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.admin.PluginConfiguration;
import io.coditect.studio.api.admin.PluginInstance;
import io.coditect.studio.api.admin.PluginState;
import io.coditect.studio.api.store.StoreException;

/** The small rules of plugin administration, each on its own. */
public class PluginPartsTest {

    @Rule
    public TemporaryFolder dir = new TemporaryFolder();

    @Test
    public void versionRangesAreReadBackFromFilters() {
        assertEquals("[1.0.0,2.0.0)",
                VersionRanges.of("(&(osgi.wiring.package=p)(version>=1.0.0)(!(version>=2.0.0)))"));
        assertEquals("(1.0.0,2.0.0]",
                VersionRanges.of("(&(osgi.wiring.package=p)(!(version<=1.0.0))(version<=2.0.0))"));
        assertEquals("1.2.0", VersionRanges.of("(&(osgi.wiring.package=p)(version>=1.2.0))"));
        assertEquals("[3.0.0,3.0.0]", VersionRanges.of("(&(osgi.wiring.package=p)(version=3.0.0))"));
        assertEquals("any version", VersionRanges.of("(osgi.wiring.package=p)"));
        assertEquals("p.q", PluginInspector.packageOf("(&(osgi.wiring.package=p.q)(version>=1.0.0))"));
    }

    @Test
    public void secretsAreMaskedAndKeptWhenTheMaskComesBack() {
        Hashtable<String, Object> stored = new Hashtable<>();
        stored.put("service.pid", "x~a");
        stored.put("id", "a");
        stored.put("apiKey", "s3cret");
        stored.put(".clientSecret", "hidden");
        stored.put("models", new String[] {"m1", "m2"});
        Map<String, Object> shown = ConfigValues.shown(stored);
        assertEquals(List.of(".clientSecret", "apiKey", "id", "models"), List.copyOf(shown.keySet()));
        assertEquals(PluginConfiguration.MASK, shown.get("apiKey"));
        assertEquals(PluginConfiguration.MASK, shown.get(".clientSecret"));
        assertEquals(List.of("m1", "m2"), shown.get("models"));

        Map<String, Object> edit = new LinkedHashMap<>(shown);
        edit.put("id", "b");
        edit.put("delayMillis", 5);
        edit.put(".clientSecret", null);
        Hashtable<String, Object> next = ConfigValues.toStore(edit, stored);
        assertEquals("s3cret", next.get("apiKey"));
        assertEquals("b", next.get("id"));
        assertEquals(5, next.get("delayMillis"));
        assertTrue(!next.containsKey(".clientSecret"));
        assertTrue(next.get("models") instanceof String[]);
        assertEquals("apiKey,id", ConfigValues.names(Map.of("id", 1, "apiKey", "x")));
        assertTrue(PluginConfiguration.isSecret("accessToken") && PluginConfiguration.isSecret("PASSWORD")
                && !PluginConfiguration.isSecret("baseUrl"));
    }

    @Test
    public void aMaskWithoutAStoredSecretAndReservedNamesAreRefused() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("apiKey", PluginConfiguration.MASK),
                Map.of("service.pid", "x"), Map.of("nested", Map.of("a", 1)))) {
            try {
                ConfigValues.toStore(bad, null);
                fail("accepted " + bad);
            } catch (StoreException e) {
                assertEquals(StoreException.Kind.INVALID, e.kind());
            }
        }
    }

    @Test
    public void componentDescriptionsNameTheConfigurationPids() throws Exception {
        String xml = "<?xml version=\"1.0\"?><components xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\">"
                + "<scr:component name=\"a.B\" configuration-pid=\"a.factory $\"/>"
                + "<scr:component name=\"a.C\"/>"
                + "<scr:component name=\"a.D\" configuration-policy=\"ignore\"/></components>";
        Set<String> pids = new TreeSet<>();
        ComponentPids.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), pids);
        assertEquals(Set.of("a.factory", "a.B", "a.C"), pids);
    }

    @Test
    public void descriptionsWithADoctypeAreNotParsed() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<component name=\"&e;\"/>";
        try {
            ComponentPids.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), new TreeSet<>());
            fail("parsed a DOCTYPE");
        } catch (Exception expected) {
            // refused
        }
    }

    @Test
    public void jarsThatExportOrAttachAreRefused() throws Exception {
        assertEquals(new JarFacts("a.plugin", "1.2.3"), JarFacts.read(jar("Bundle-SymbolicName", "a.plugin;singleton:=true",
                "Bundle-Version", "1.2.3")));
        for (String[] headers : List.of(new String[] {"Bundle-SymbolicName", "a.x", "Export-Package", "a.x"},
                new String[] {"Bundle-SymbolicName", "a.x", "Fragment-Host", "a.host"},
                new String[] {"Implementation-Title", "not a bundle"})) {
            try {
                JarFacts.read(jar(headers));
                fail("accepted " + List.of(headers));
            } catch (StoreException e) {
                assertEquals(StoreException.Kind.INVALID, e.kind());
            }
        }
        Path notAJar = dir.newFile("x.jar").toPath();
        Files.writeString(notAJar, "hello");
        try {
            JarFacts.read(notAJar);
            fail();
        } catch (StoreException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a jar"));
        }
    }

    @Test
    public void mavenCoordinatesAreChecked() {
        JarIntake.checkCoordinate("mvn:io.coditect.studio.sdk/example-provider/1.0.0");
        JarIntake.checkCoordinate("mvn:g/a/1.0/jar/classifier");
        for (String bad : new String[] {"file:/etc/passwd", "mvn:http://evil!g/a/1", "mvn:g/a", "g/a/1"}) {
            try {
                JarIntake.checkCoordinate(bad);
                fail(bad);
            } catch (StoreException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("not a Maven coordinate"));
            }
        }
    }

    @Test
    public void healthSaysWhatToDo() {
        assertEquals(Health.Status.DOWN, PluginInspector.health(PluginState.RESOLVED, List.of()).status());
        assertEquals(Health.Status.DOWN, PluginInspector.health(PluginState.INSTALLED, List.of()).status());
        assertTrue(PluginInspector.health(PluginState.ACTIVE, List.of()).message().contains("configuration"));
        Health h = PluginInspector.health(PluginState.ACTIVE, List.of(new PluginInstance("a", "A", Health.up()),
                new PluginInstance("b", "B", Health.degraded("slow"))));
        assertEquals(Health.Status.DEGRADED, h.status());
        assertEquals("b: slow", h.message());
    }

    private Path jar(String... headers) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < headers.length; i += 2) {
            m.getMainAttributes().putValue(headers[i], headers[i + 1]);
        }
        Path file = dir.newFile().toPath();
        try (OutputStream os = Files.newOutputStream(file); JarOutputStream out = new JarOutputStream(os, m)) {
            out.putNextEntry(new java.util.jar.JarEntry("a.txt"));
            out.write(1);
            out.closeEntry();
        }
        return file;
    }
}
