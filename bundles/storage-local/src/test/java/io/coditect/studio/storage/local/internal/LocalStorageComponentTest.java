package io.coditect.studio.storage.local.internal;

import io.coditect.studio.storage.local.testing.Streams;
import static io.coditect.studio.storage.local.testing.Streams.key;
import static io.coditect.studio.storage.local.testing.Streams.putText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.nio.file.Path;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class LocalStorageComponentTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final String savedKarafData = System.getProperty("karaf.data");

    @After
    public void restore() {
        if (savedKarafData == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", savedKarafData);
        }
    }

    @Test
    public void defaultRootIsBelowKarafData() {
        System.setProperty("karaf.data", "/srv/karaf/data");
        assertEquals(Path.of("/srv/karaf/data/storage"), LocalStorageComponent.rootOf(null));
        assertEquals(Path.of("/srv/karaf/data/storage"), LocalStorageComponent.rootOf(" "));
        assertEquals(Path.of("/srv/karaf/data/storage"), LocalStorageComponent.rootOf("${karaf.data}/storage"));
        assertEquals(Path.of("/srv/karaf/data/objects"), LocalStorageComponent.rootOf("${karaf.data}/objects"));
        assertEquals(Path.of("/mnt/disk/studio"), LocalStorageComponent.rootOf("/mnt/disk/studio"));
    }

    @Test
    public void withoutKarafDataTheRootIsDataStorageInTheWorkingFolder() {
        System.clearProperty("karaf.data");
        assertEquals(Path.of("./data/storage").toAbsolutePath().normalize(), LocalStorageComponent.rootOf(null));
    }

    @Test
    public void unknownPropertiesAreNamed() {
        try {
            LocalStorageComponent.rootOf("${no.such.property}/x");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no.such.property"));
        }
    }

    @Test
    public void theComponentServesTheConfiguredRoot() throws Exception {
        Path root = tmp.newFolder("configured").toPath();
        LocalStorageComponent component = new LocalStorageComponent(config(root.toString()));
        assertEquals("local", component.id());
        assertEquals("Local files", component.displayName());
        assertTrue(component.health().isUp());
        putText(component, "acme/x.txt", "via the component");
        assertEquals(root, component.storage().root());
        assertEquals(17, component.stat(key("acme/x.txt")).orElseThrow().size());
    }

    private static LocalStorageComponent.Config config(String root) {
        return new LocalStorageComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LocalStorageComponent.Config.class;
            }

            @Override
            public String root() {
                return root;
            }
        };
    }
}
