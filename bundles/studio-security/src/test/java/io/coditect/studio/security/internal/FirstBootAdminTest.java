package io.coditect.studio.security.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.coditect.studio.api.audit.AuditFilter;
import io.coditect.studio.api.security.Caller;
import io.coditect.studio.api.security.TokenPair;
import io.coditect.studio.api.store.PageRequest;
import io.coditect.studio.api.tenancy.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FirstBootAdminTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private SecurityFixture fx;

    @Before
    public void setUp() {
        fx = new SecurityFixture(tmp.getRoot().toPath());
    }

    @After
    public void tearDown() {
        fx.close();
    }

    /** Runs the first boot and returns what was logged meanwhile (slf4j-simple logs to System.err). */
    private String firstBootLog(boolean expectCreated) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(expectCreated, fx.services().ensureFirstBootAdmin());
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        err.print(log);
        return log;
    }

    @Test
    public void createsTheSystemOrganisationOnceWithAOneTimePassword() throws Exception {
        String log = firstBootLog(true);
        Path file = fx.securityDir.resolve(FirstBootAdmin.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Matcher m = Pattern.compile("(?m)^password: (\\S+)$").matcher(Files.readString(file));
        assertTrue(m.find());
        String password = m.group(1);
        assertEquals(FirstBootAdmin.GENERATED_LENGTH, password.length());
        assertTrue(Files.readString(file).contains("e-mail: admin@localhost"));

        assertTrue("the log points at the file", log.contains(file.toString()));
        assertFalse("the log never shows the password", log.contains(password));

        var t = fx.db.tenancy();
        assertEquals("Default organisation", t.findOrganisation("default").orElseThrow().name());
        assertEquals(Role.ORG_ADMIN, t.findMembership("default", "admin", null).orElseThrow().role());

        TokenPair pair = fx.services().authenticator().login("default", "admin@localhost", password.toCharArray(),
                "127.0.0.1");
        Caller admin = fx.services().authenticator().authenticate(pair.accessToken(), "127.0.0.1");
        assertTrue(admin.studioAdmin());
        assertEquals(1, fx.db.audit().query("default", AuditFilter.ALL.withAction("auth.first-boot-admin"),
                PageRequest.first()).items().size());

        // the start script deletes the file; a second boot does not write it again
        Files.delete(file);
        firstBootLog(false);
        assertFalse(Files.exists(file));
    }

    @Test
    public void takesPasswordAndEmailFromTheEnvironment() {
        fx.env.put(FirstBootAdmin.PASSWORD_ENV, "a password from the environment");
        fx.env.put(FirstBootAdmin.EMAIL_ENV, "Ops@Example.com");
        String log = firstBootLog(true);
        assertFalse(Files.exists(fx.securityDir.resolve(FirstBootAdmin.FILE)));
        assertFalse(log.contains("a password from the environment"));
        assertTrue(log.contains(FirstBootAdmin.PASSWORD_ENV));

        fx.services().authenticator().login("default", "ops@example.com",
                "a password from the environment".toCharArray(), null);
    }

    @Test
    public void aWeakEnvironmentPasswordStopsTheBootAndCreatesNothing() {
        fx.env.put(FirstBootAdmin.PASSWORD_ENV, "admin");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fx.services().ensureFirstBootAdmin());
        assertTrue(e.getMessage(), e.getMessage().contains(FirstBootAdmin.PASSWORD_ENV)
                && e.getMessage().contains("too short"));
        assertTrue(fx.db.tenancy().findOrganisation("default").isEmpty());
    }

    @Test
    public void anExistingSystemOrganisationIsLeftAlone() {
        fx.db.tenancy().createOrganisation(io.coditect.studio.api.tenancy.Organisation.of("default", "Ours"));
        firstBootLog(false);
        assertEquals("Ours", fx.db.tenancy().findOrganisation("default").orElseThrow().name());
        assertFalse(Files.exists(fx.securityDir.resolve(FirstBootAdmin.FILE)));
    }
}
