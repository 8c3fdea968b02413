package io.coditect.studio.sandbox.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.junit.AfterClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import io.coditect.studio.sandbox.process.testing.Recorder;

/** Health and availability of the driver. */
public class ProcessSandboxDriverTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @AfterClass
    public static void removeCgroups() throws Exception {
        TestHost.removeTestCgroups();
    }

    @Test
    public void upOnThisHost() {
        try (ProcessSandboxDriver driver = new ProcessSandboxDriver(TestHost.settings())) {
            assertEquals("process", driver.id());
            assertEquals("Process sandbox (bubblewrap)", driver.displayName());
            Health h = driver.health();
            assertEquals(h.message(), Health.Status.UP, h.status());
            assertTrue(h.message(), h.message().startsWith("bubblewrap "));
            assertTrue(h.message(), h.message().contains("cgroup v"));
        }
    }

    @Test
    public void missingBubblewrapIsDownAndNamesThePackage() throws Exception {
        DriverSettings settings = TestHost.settings().withBwrapPath("/nonexistent/bin/bwrap");
        try (ProcessSandboxDriver driver = new ProcessSandboxDriver(settings)) {
            Health h = driver.health();
            assertEquals(Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().startsWith(Bubblewrap.NOT_INSTALLED));
            assertTrue(h.message(), h.message().contains("'bubblewrap'"));
            assertTrue(h.message(), h.message().contains("/nonexistent/bin/bwrap"));
            try {
                driver.create(SandboxSpec.of(tmp.newFolder().toPath(), ResourceLimits.DEFAULT));
                fail("expected UNAVAILABLE");
            } catch (SandboxException e) {
                assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
                assertTrue(e.getMessage(), e.getMessage().contains("apt-get install bubblewrap"));
            }
        }
    }

    @Test
    public void bubblewrapIsFoundOnThePath() {
        assertEquals(Path.of("/usr/bin/bwrap"), Bubblewrap.locate("", "/nonexistent:/usr/bin").orElseThrow());
        assertEquals(Path.of("/usr/bin/bwrap"), Bubblewrap.locate(null, null).orElseThrow());
        assertTrue(Bubblewrap.locate("/nonexistent/bwrap", "/usr/bin").isEmpty());
        Bubblewrap.Status s = Bubblewrap.probe("");
        assertNull(s.problem(), s.problem());
        assertTrue(s.version(), s.version().startsWith("bubblewrap "));
    }

    @Test
    public void limitsRequiredButNoCgroupsIsDownAndRefusesLimits() throws Exception {
        try (ProcessSandboxDriver driver = new ProcessSandboxDriver(TestHost.settings(),
                parent -> CgroupSupport.unavailable("test: cgroups are read-only"))) {
            Health h = driver.health();
            assertEquals(Health.Status.DOWN, h.status());
            assertTrue(h.message(), h.message().contains("test: cgroups are read-only"));
            assertTrue(h.message(), h.message().contains("limitsRequired=false"));
            try {
                driver.create(SandboxSpec.of(tmp.newFolder().toPath(), ResourceLimits.DEFAULT));
                fail("expected UNAVAILABLE");
            } catch (SandboxException e) {
                assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
                assertTrue(e.getMessage(), e.getMessage().contains("test: cgroups are read-only"));
            }
            // without limits there is nothing to enforce
            try (Sandbox sandbox = driver.create(SandboxSpec.of(tmp.newFolder().toPath(),
                    new ResourceLimits(0, 0, 0, 0)))) {
                Recorder r = new Recorder();
                ExecHandle handle = sandbox.exec(ExecRequest.of("echo", "hi"), r);
                handle.stdin().close();
                assertEquals(0, r.await(handle).exitCode());
                assertEquals("hi\n", r.stdout());
            }
        }
    }

    @Test
    public void limitsNotRequiredRunsWithoutCgroupsAndStillKillsTrees() throws Exception {
        DriverSettings settings = TestHost.settings().withLimitsRequired(false);
        try (ProcessSandboxDriver driver = new ProcessSandboxDriver(settings,
                parent -> CgroupSupport.unavailable("test: no cgroups"))) {
            Health h = driver.health();
            assertEquals(Health.Status.DEGRADED, h.status());
            assertTrue(h.message(), h.message().contains("without CPU, memory and process limits"));
            String marker = TestHost.marker();
            try (Sandbox sandbox = driver.create(SandboxSpec.of(tmp.newFolder().toPath(), ResourceLimits.DEFAULT))) {
                Recorder r = new Recorder();
                ExecHandle handle = sandbox.exec(ExecRequest.of("sh", "-c",
                        "(sleep " + marker + "1 & wait) & sleep " + marker + "2; wait")
                        .withTimeout(Duration.ofSeconds(2)), r);
                handle.stdin().close();
                assertTrue(TestHost.awaitProcesses("sleep " + marker, 2).size() >= 2);
                ExecResult result = r.await(handle);
                assertEquals(Termination.TIMED_OUT, result.termination());
                // no cgroup: the pid namespace ends with bwrap, taking every process with it
                assertEquals(List.of(), TestHost.awaitNoProcesses(marker));
                SandboxStats stats = sandbox.stats();
                assertEquals(-1, stats.memoryBytes());
                assertEquals(0, stats.diskBytes());
            }
        }
    }

    @Test
    public void closingTheDriverStopsItsSandboxes() throws Exception {
        ProcessSandboxDriver driver = new ProcessSandboxDriver(TestHost.settings());
        Sandbox sandbox = driver.create(SandboxSpec.of(tmp.newFolder().toPath(), ResourceLimits.DEFAULT));
        Recorder r = new Recorder();
        ExecHandle handle = sandbox.exec(ExecRequest.of("sh", "-c", "echo started; read x"), r);
        r.awaitStdout("started");
        driver.close();
        assertEquals(Termination.KILLED, r.await(handle).termination());
        assertTrue(!sandbox.isRunning());
        assertEquals(Health.Status.DOWN, driver.health().status());
        try {
            driver.create(SandboxSpec.of(tmp.newFolder().toPath(), ResourceLimits.DEFAULT));
            fail("expected UNAVAILABLE");
        } catch (SandboxException e) {
            assertEquals(SandboxException.Kind.UNAVAILABLE, e.kind());
        }
    }

    @Test
    public void settingsValidateTheCgroupParent() {
        assertEquals("coditect-studio", DriverSettings.defaults().cgroupParent());
        assertEquals("a/b", new DriverSettings(null, "/a/b/", true).cgroupParent());
        assertEquals("coditect-studio", new DriverSettings(null, "", true).cgroupParent());
        for (String bad : List.of("a/../b", "..", "a b", "a//b")) {
            try {
                new DriverSettings(null, bad, true);
                fail("accepted " + bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("cgroupParent"));
            }
        }
    }
}
