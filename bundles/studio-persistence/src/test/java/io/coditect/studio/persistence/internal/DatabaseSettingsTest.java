package io.coditect.studio.persistence.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;
import java.util.Properties;

import org.junit.After;
import org.junit.Test;
import org.osgi.service.jdbc.DataSourceFactory;

public class DatabaseSettingsTest {

    private final String savedKarafData = System.getProperty("karaf.data");

    @After
    public void restore() {
        if (savedKarafData == null) {
            System.clearProperty("karaf.data");
        } else {
            System.setProperty("karaf.data", savedKarafData);
        }
    }

    private static DatabaseSettings resolve(String url, String user, String password, String passwordEnv,
            Map<String, String> env) {
        return DatabaseSettings.resolve(url, user, password, passwordEnv, env::get);
    }

    @Test
    public void theDefaultIsAnH2FileUnderKarafDataInLegacyMode() {
        System.setProperty("karaf.data", "/srv/karaf/data");
        DatabaseSettings s = resolve(null, null, null, null, Map.of());
        assertEquals("jdbc:h2:file:/srv/karaf/data/db/studio;MODE=LEGACY", s.url());
        assertEquals(s.url(), resolve(" ", "", "", "", Map.of()).url());
        assertEquals(s.url(), resolve(DatabaseSettings.DEFAULT_URL, "", "", "", Map.of()).url());
        System.clearProperty("karaf.data");
        assertEquals("jdbc:h2:file:./data/db/studio;MODE=LEGACY", resolve(null, null, null, null, Map.of()).url());
    }

    @Test
    public void thePasswordComesFromTheEnvironmentWhenNamed() {
        DatabaseSettings s = resolve("jdbc:postgresql://db:5432/studio", "studio", "in-the-file", "STUDIO_DB_PW",
                Map.of("STUDIO_DB_PW", "from-env"));
        Properties p = s.dataSourceProperties();
        assertEquals("jdbc:postgresql://db:5432/studio", p.getProperty(DataSourceFactory.JDBC_URL));
        assertEquals("studio", p.getProperty(DataSourceFactory.JDBC_USER));
        assertEquals("from-env", p.getProperty(DataSourceFactory.JDBC_PASSWORD));
        assertEquals("in-the-file", resolve("jdbc:postgresql://db/studio", "studio", "in-the-file", "", Map.of())
                .dataSourceProperties().getProperty(DataSourceFactory.JDBC_PASSWORD));
        assertFalse(resolve("jdbc:h2:mem:x", "", "", "", Map.of()).dataSourceProperties()
                .containsKey(DataSourceFactory.JDBC_PASSWORD));
        try {
            resolve("jdbc:postgresql://db/studio", "studio", "", "STUDIO_DB_PW", Map.of());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("STUDIO_DB_PW") && e.getMessage().contains("not set"));
        }
    }

    @Test
    public void passwordsAppearNowhere() {
        DatabaseSettings s = resolve("jdbc:postgresql://db:5432/studio?ssl=true&password=url-secret", "studio",
                "", "PW", Map.of("PW", "env-secret"));
        assertFalse(s.toString(), s.toString().contains("secret"));
        assertTrue(s.toString(), s.toString().contains("password=***"));
        assertTrue(s.toString(), s.toString().contains("(password set)"));
        assertEquals("jdbc:postgresql://***@db/studio", DatabaseSettings.redact("jdbc:postgresql://me:pw@db/studio"));
        assertEquals("jdbc:h2:file:/x;PASSWORD=***;MODE=LEGACY",
                DatabaseSettings.redact("jdbc:h2:file:/x;PASSWORD=abc;MODE=LEGACY"));
        try {
            resolve("postgresql://db/studio?password=oops", "", "", "", Map.of());
            fail();
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage(), e.getMessage().contains("oops"));
            assertTrue(e.getMessage(), e.getMessage().contains("jdbc:"));
        }
    }

    @Test
    public void aDriverThatCannotOpenTheUrlIsExplained() {
        DatabaseSettings pg = resolve("jdbc:postgresql://db/studio", "studio", "", "", Map.of());
        pg.requireDriver("org.postgresql.Driver");
        try {
            pg.requireDriver("org.h2.Driver");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(
                    "dataSourceFactory.target = (osgi.jdbc.driver.class=org.postgresql.Driver)"));
            assertTrue(e.getMessage(), e.getMessage().contains("pax-jdbc-postgresql"));
        }
        resolve(null, null, null, null, Map.of()).requireDriver("org.h2.Driver");
        // other databases are not checked (and not tested)
        resolve("jdbc:mariadb://db/studio", "", "", "", Map.of()).requireDriver("org.mariadb.jdbc.Driver");
    }

    @Test
    public void unknownPlaceholdersAreNamed() {
        try {
            resolve("jdbc:h2:file:${no.such.property}/db", "", "", "", Map.of());
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no.such.property"));
        }
    }
}
