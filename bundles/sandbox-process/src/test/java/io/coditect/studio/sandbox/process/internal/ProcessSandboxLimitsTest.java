package io.coditect.studio.sandbox.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import io.coditect.studio.sandbox.process.testing.Recorder;

/** Limits, kills and clean-up, with the real bubblewrap and the host's cgroups (tests run as root). */
public class ProcessSandboxLimitsTest {

    private static final long MIB = 1024 * 1024;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ProcessSandboxDriver driver;
    private Path workspace;

    @Before
    public void setUp() throws Exception {
        driver = new ProcessSandboxDriver(TestHost.settings());
        assertEquals("cgroups must be usable for these tests (run as root)", null, driver.cgroups().check());
        workspace = tmp.newFolder("ws").toPath();
    }

    @After
    public void tearDown() {
        driver.close();
    }

    @AfterClass
    public static void removeCgroups() throws Exception {
        TestHost.removeTestCgroups();
    }

    private ProcessSandbox sandbox(ResourceLimits limits) {
        return (ProcessSandbox) driver.create(SandboxSpec.of(workspace, limits));
    }

    private static ExecResult run(Sandbox sandbox, Recorder r, ExecRequest request) throws Exception {
        ExecHandle h = sandbox.exec(request, r);
        h.stdin().close();
        return r.await(h);
    }

    @Test
    public void limitsAreWrittenToTheCgroup() throws Exception {
        try (ProcessSandbox sandbox = sandbox(new ResourceLimits(500, 64 * MIB, 0, 20, 250, 32 * MIB))) {
            Cgroup group = sandbox.cgroup();
            assertNotNull(group);
            Path cg = Path.of("/sys/fs/cgroup");
            if (Files.exists(cg.resolve("cgroup.controllers"))) {
                Path dir = cg.resolve(group.path());
                assertEquals(Long.toString(64 * MIB), read(dir.resolve("memory.max")));
                assertEquals("50000 100000", read(dir.resolve("cpu.max")));
                assertEquals("20", read(dir.resolve("pids.max")));
                assertEquals("25", read(dir.resolve("cpu.weight")));
                assertEquals(Long.toString(32 * MIB), read(dir.resolve("memory.low")));
            } else {
                assertEquals(Long.toString(64 * MIB), read(cg.resolve("memory").resolve(group.path())
                        .resolve("memory.limit_in_bytes")));
                assertEquals("50000", read(cg.resolve("cpu").resolve(group.path()).resolve("cpu.cfs_quota_us")));
                assertEquals("100000", read(cg.resolve("cpu").resolve(group.path()).resolve("cpu.cfs_period_us")));
                assertEquals("20", read(cg.resolve("pids").resolve(group.path()).resolve("pids.max")));
                // the reservations: 250 m = 256 shares, 32 MiB soft limit
                assertEquals("256", read(cg.resolve("cpu").resolve(group.path()).resolve("cpu.shares")));
                assertEquals(Long.toString(32 * MIB), read(cg.resolve("memory").resolve(group.path())
                        .resolve("memory.soft_limit_in_bytes")));
            }
        }
    }

    /** SDD §3.3 "2 vCPU burst 4, 4 GB burst 8": hard limits of 4 vCPU / 8 GiB, 2 vCPU / 4 GiB reserved. */
    @Test
    public void defaultLimitsBurstAboveTheReservation() throws Exception {
        try (ProcessSandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            Cgroup group = sandbox.cgroup();
            assertNotNull(group);
            Path cg = Path.of("/sys/fs/cgroup");
            if (Files.exists(cg.resolve("cgroup.controllers"))) {
                Path dir = cg.resolve(group.path());
                assertEquals(Long.toString(8L << 30), read(dir.resolve("memory.max")));
                assertEquals("400000 100000", read(dir.resolve("cpu.max")));
                assertEquals("512", read(dir.resolve("pids.max")));
                assertEquals("200", read(dir.resolve("cpu.weight")));
                assertEquals(Long.toString(4L << 30), read(dir.resolve("memory.low")));
            } else {
                Path memory = cg.resolve("memory").resolve(group.path());
                Path cpu = cg.resolve("cpu").resolve(group.path());
                assertEquals(Long.toString(8L << 30), read(memory.resolve("memory.limit_in_bytes")));
                assertEquals(Long.toString(4L << 30), read(memory.resolve("memory.soft_limit_in_bytes")));
                assertEquals("400000", read(cpu.resolve("cpu.cfs_quota_us")));
                assertEquals("2048", read(cpu.resolve("cpu.shares")));
                assertEquals("512", read(cg.resolve("pids").resolve(group.path()).resolve("pids.max")));
            }
        }
    }

    /** Nothing reserved: the kernel's defaults stay (v1 1024 shares and no soft limit, v2 weight 100, low 0). */
    @Test
    public void withoutReservationTheDefaultsStay() throws Exception {
        try (ProcessSandbox sandbox = sandbox(new ResourceLimits(500, 64 * MIB, 0, 20))) {
            Cgroup group = sandbox.cgroup();
            assertNotNull(group);
            Path cg = Path.of("/sys/fs/cgroup");
            if (Files.exists(cg.resolve("cgroup.controllers"))) {
                Path dir = cg.resolve(group.path());
                assertEquals("100", read(dir.resolve("cpu.weight")));
                assertEquals("0", read(dir.resolve("memory.low")));
            } else {
                assertEquals("1024", read(cg.resolve("cpu").resolve(group.path()).resolve("cpu.shares")));
                // "unlimited": the largest page multiple
                long soft = Long.parseLong(read(cg.resolve("memory").resolve(group.path())
                        .resolve("memory.soft_limit_in_bytes")));
                assertTrue(Long.toString(soft), soft > (1L << 62));
            }
        }
    }

    private static String read(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.US_ASCII).trim();
    }

    @Test
    public void memoryLimitKillsAnAllocationAndSaysSo() throws Exception {
        try (Sandbox sandbox = sandbox(new ResourceLimits(0, 64 * MIB, 0, 64))) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r,
                    ExecRequest.of("perl", "-e", "$x = \"a\" x (256*1024*1024); print length $x"));
            assertEquals(r.stdout() + r.stderr(), Termination.OUT_OF_MEMORY, result.termination());
            assertEquals(128 + 9, result.exitCode());
            assertEquals("killed: memory limit of 64 MiB exceeded", result.message());
            assertEquals("", r.stdout());

            // the sandbox is still usable, and a small allocation fits
            Recorder small = new Recorder();
            ExecResult ok = run(sandbox, small,
                    ExecRequest.of("perl", "-e", "$x = \"a\" x (8*1024*1024); print length $x"));
            assertEquals(small.stderr(), Termination.EXITED, ok.termination());
            assertEquals(Integer.toString(8 * 1024 * 1024), small.stdout());
        }
    }

    @Test
    public void pidsLimitStopsForking() throws Exception {
        // forks at most 200 children that sleep, reports how many it got, then kills them
        String script = "my @kids; my $n = 0; for (1..200) { my $pid = fork();"
                + " if (!defined $pid) { print \"fork failed after $n\\n\"; last }"
                + " if ($pid == 0) { sleep 60; exit 0 } push @kids, $pid; $n++ }"
                + " kill 'KILL', @kids; waitpid($_, 0) for @kids; print \"started $n\\n\";";
        try (Sandbox sandbox = sandbox(new ResourceLimits(0, 256 * MIB, 0, 20))) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, ExecRequest.of("perl", "-e", script)
                    .withTimeout(Duration.ofSeconds(120)));
            assertEquals(r.stderr(), Termination.EXITED, result.termination());
            assertTrue(r.stdout(), r.stdout().startsWith("fork failed after "));
            int started = Integer.parseInt(r.stdout().replaceAll("(?s).*started (\\d+).*", "$1"));
            assertTrue(r.stdout(), started > 0 && started < 20);
        }
    }

    @Test
    public void timeoutKillsTheWholeTree() throws Exception {
        String marker = TestHost.marker();
        try (Sandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            Recorder r = new Recorder();
            // a shell with two children, one of them in a sub-shell of its own
            ExecHandle h = sandbox.exec(ExecRequest.of("sh", "-c",
                    "(sleep " + marker + "1 & wait) & sleep " + marker + "2; wait")
                    .withTimeout(Duration.ofSeconds(2)), r);
            h.stdin().close();
            List<Long> seen = TestHost.awaitProcesses("sleep " + marker, 2);
            assertTrue("expected both sleeps to run: " + seen, seen.size() >= 2);
            ExecResult result = r.await(h);
            assertEquals(Termination.TIMED_OUT, result.termination());
            assertEquals("killed: timeout of 2 s exceeded", result.message());
            assertEquals(128 + 9, result.exitCode());
            assertEquals(List.of(), TestHost.awaitNoProcesses(marker));
            assertEquals(1, r.exitCalls());
        }
    }

    @Test
    public void cancelKillsTheWholeTree() throws Exception {
        String marker = TestHost.marker();
        try (Sandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(ExecRequest.of("sh", "-c",
                    "sleep " + marker + "1 & sleep " + marker + "2 & echo started; wait"), r);
            r.awaitStdout("started");
            List<Long> seen = TestHost.awaitProcesses("sleep " + marker, 2);
            assertTrue("expected both sleeps to run: " + seen, seen.size() >= 2);
            h.cancel();
            h.cancel(); // idempotent
            ExecResult result = r.await(h);
            assertEquals(Termination.CANCELLED, result.termination());
            assertEquals("killed: cancelled", result.message());
            assertEquals(List.of(), TestHost.awaitNoProcesses(marker));
            h.cancel(); // after the end: nothing changes
            assertEquals(1, r.exitCalls());
            assertEquals(Termination.CANCELLED,
                    h.result().toCompletableFuture().get().termination());
        }
    }

    @Test
    public void cancelOnlyKillsItsOwnCommand() throws Exception {
        try (Sandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            ExecHandle ha = sandbox.exec(ExecRequest.of("sh", "-c", "echo a; read x; echo a-end"), a);
            ExecHandle hb = sandbox.exec(ExecRequest.of("sh", "-c", "echo b; read x; echo b-end"), b);
            a.awaitStdout("a\n");
            b.awaitStdout("b\n");
            ha.cancel();
            assertEquals(Termination.CANCELLED, a.await(ha).termination());
            hb.stdin().write("x\n".getBytes(StandardCharsets.UTF_8));
            hb.stdin().close();
            ExecResult rb = b.await(hb);
            assertEquals(Termination.EXITED, rb.termination());
            assertEquals("b\nb-end\n", b.stdout());
        }
    }

    @Test
    public void stopKillsCommandsAndRemovesTheCgroups() throws Exception {
        String marker = TestHost.marker();
        ProcessSandbox sandbox = sandbox(new ResourceLimits(1000, 128 * MIB, 0, 64));
        Cgroup group = sandbox.cgroup();
        assertNotNull(group);
        Recorder r = new Recorder();
        ExecHandle h = sandbox.exec(ExecRequest.of("sh", "-c", "sleep " + marker + " & echo started; wait"), r);
        r.awaitStdout("started");
        List<Path> dirs = group.directories();
        assertFalse(dirs.isEmpty());
        for (Path dir : dirs) {
            assertTrue(dir + " exists while the sandbox runs", Files.isDirectory(dir));
            assertTrue(dir + " has one sub-group for the command", Files.isDirectory(dir.resolve("exec-1")));
        }
        assertTrue(driver.sandboxes().contains(sandbox));

        sandbox.stop();
        ExecResult result = r.await(h);
        assertEquals(Termination.KILLED, result.termination());
        assertEquals("killed: the sandbox was stopped", result.message());
        for (Path dir : dirs) {
            assertFalse(dir + " is removed", Files.exists(dir));
        }
        assertEquals(List.of(), TestHost.awaitNoProcesses(marker));
        assertFalse(driver.sandboxes().contains(sandbox));
        sandbox.stop(); // idempotent
    }

    @Test
    public void commandCgroupIsRemovedWhenItEnds() throws Exception {
        try (ProcessSandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            ExecResult result = run(sandbox, new Recorder(), ExecRequest.of("true"));
            assertEquals(0, result.exitCode());
            for (Path dir : sandbox.cgroup().directories()) {
                assertTrue(Files.isDirectory(dir));
                assertEquals(List.of(), CgroupFiles.subdirectories(dir));
            }
        }
    }

    @Test
    public void statsReportUse() throws Exception {
        try (ProcessSandbox sandbox = sandbox(ResourceLimits.DEFAULT)) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(ExecRequest.of("sh", "-c",
                    "head -c 1048576 /dev/zero > blob; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done;"
                            + " echo ready; read x; exit 0"), r);
            r.awaitStdout("ready");
            SandboxStats running = sandbox.stats();
            assertTrue(running.toString(), running.memoryBytes() > 0);
            assertTrue(running.toString(), running.cpuNanos() > 0);
            assertTrue(running.toString(), running.pids() >= 2);
            assertTrue(running.toString(), running.diskBytes() >= 1024 * 1024);
            h.stdin().close();
            assertEquals(0, r.await(h).exitCode());
            SandboxStats after = sandbox.stats();
            assertTrue(after.toString(), after.cpuNanos() >= running.cpuNanos());
            assertEquals(1024 * 1024, after.diskBytes());
        }
    }

    @Test
    public void tmpIsSizedFromTheLimits() throws Exception {
        try (Sandbox sandbox = sandbox(new ResourceLimits(0, 64 * MIB, 10 * MIB, 0))) {
            Recorder r = new Recorder();
            // df -k /tmp: the size column
            assertEquals(0, run(sandbox, r, ExecRequest.of("sh", "-c", "df -k /tmp | tail -n 1")).exitCode());
            long kib = Long.parseLong(r.stdout().trim().split("\\s+")[1]);
            assertEquals(10 * 1024, kib); // the disk limit, below half the memory limit
        }
    }
}
