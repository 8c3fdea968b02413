package io.coditect.studio.sandbox.docker.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.dockerjava.api.model.HostConfig;
import io.coditect.studio.api.Health;
import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import io.coditect.studio.api.sandbox.SandboxStats;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import io.coditect.studio.sandbox.process.testing.Recorder;

/**
 * The driver against a real Podman Docker-compatible API (see {@link TestPodman}): the checks of the
 * process driver's tests, plus what only containers give (image, read-only root, capabilities).
 * One sandbox is shared by the tests that do not change it; the others make their own.
 */
public class DockerSandboxTest {

    private static final long MIB = 1024L * 1024;
    /** 1 vCPU and 128 MiB hard, of which half a vCPU and 64 MiB reserved (as the defaults, scaled down). */
    private static final ResourceLimits LIMITS = new ResourceLimits(1000, 128 * MIB, 0, 64, 500, 64 * MIB);

    private static TestPodman podman;
    private static DockerSandboxDriver driver;
    private static DockerSandbox shared;
    private static Path root;

    @BeforeClass
    public static void start() throws Exception {
        podman = TestPodman.get();
        driver = new DockerSandboxDriver(podman.settings());
        root = Files.createTempDirectory(Path.of("target"), "ws-").toAbsolutePath();
        long t0 = System.nanoTime();
        shared = (DockerSandbox) driver.create(new SandboxSpec(null, workspace("shared"), LIMITS, NetworkPolicy.NONE,
                List.of(), Map.of("SPEC_VAR", "from-spec")));
        System.err.println("first sandbox created in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterClass
    public static void stop() {
        if (driver != null) {
            driver.close();
        }
        if (root != null) {
            TestPodman.deleteQuietly(root);
        }
    }

    /** A workspace owned by uid/gid 1000, so the sandbox's user is not root. */
    private static Path workspace(String name) throws Exception {
        Path ws = Files.createDirectories(root.resolve(name));
        Files.setAttribute(ws, "unix:uid", 1000);
        Files.setAttribute(ws, "unix:gid", 1000);
        return ws;
    }

    private static Recorder run(DockerSandbox sandbox, ExecRequest request) throws Exception {
        Recorder r = new Recorder();
        ExecHandle h = sandbox.exec(request, r);
        r.await(h);
        return r;
    }

    private static Recorder sh(String script) throws Exception {
        return run(shared, ExecRequest.of("/bin/sh", "-c", script));
    }

    @Test
    public void healthIsUpAndNamesPodman() {
        Health h = driver.health();
        assertEquals(h.message(), Health.Status.UP, h.status());
        assertTrue(h.message(), h.message().contains("Podman"));
    }

    @Test
    public void echoStreamsOutputThenExitCode() throws Exception {
        Recorder r = new Recorder();
        long t0 = System.nanoTime();
        ExecHandle h = shared.exec(ExecRequest.of("echo", "hello"), r);
        r.awaitStdout("hello");
        long firstOutputMs = (System.nanoTime() - t0) / 1_000_000;
        ExecResult res = r.await(h);
        System.err.println("echo: first output after " + firstOutputMs + " ms, ended after "
                + res.duration().toMillis() + " ms");
        assertEquals("hello\n", r.stdout());
        assertEquals("", r.stderr());
        assertTrue(res.toString(), res.succeeded());
        assertEquals(1, r.exitCalls());
        assertFalse(r.outputAfterExit());
    }

    @Test
    public void stderrAndExitCode() throws Exception {
        Recorder r = sh("echo out; echo oops >&2; exit 3");
        ExecResult res = r.result();
        assertEquals("out\n", r.stdout());
        assertEquals("oops\n", r.stderr());
        assertEquals(3, res.exitCode());
        assertEquals(Termination.EXITED, res.termination());
        assertEquals("exited with code 3", res.message());
    }

    @Test
    public void missingCommandIs127() throws Exception {
        Recorder r = run(shared, ExecRequest.of("no-such-command"));
        ExecResult res = r.result();
        assertEquals(127, res.exitCode());
    }

    @Test
    public void stdinReachesTheCommandAndCloseIsEndOfFile() throws Exception {
        Recorder r = new Recorder();
        ExecHandle h = shared.exec(ExecRequest.of("cat").withTimeout(Duration.ofSeconds(30)), r);
        try (OutputStream in = h.stdin()) {
            in.write("line one\n".getBytes(StandardCharsets.UTF_8));
            r.awaitStdout("line one");
            in.write("line two\n".getBytes(StandardCharsets.UTF_8));
        }
        ExecResult res = r.await(h);
        assertEquals("line one\nline two\n", r.stdout());
        assertEquals(res.toString(), Termination.EXITED, res.termination());
    }

    @Test
    public void specAndRequestEnvironmentAndWorkdir() throws Exception {
        Recorder r = run(shared, new ExecRequest(List.of("/bin/sh", "-c", "echo $SPEC_VAR $REQ_VAR $HOME; pwd"),
                "/tmp", Map.of("REQ_VAR", "from-request"), null));
        assertEquals("from-spec from-request /home/dev\n/tmp\n", r.stdout());
    }

    @Test
    public void timeoutKillsTheWholeProcessTree() throws Exception {
        Recorder r = new Recorder();
        ExecHandle h = shared.exec(ExecRequest.of("/bin/sh", "-c", "sleep 301 & sleep 302 & echo started; wait")
                .withTimeout(Duration.ofMillis(1500)), r);
        r.awaitStdout("started");
        ExecResult res = r.await(h);
        assertEquals(res.toString(), Termination.TIMED_OUT, res.termination());
        assertTrue(res.message(), res.message().contains("timeout of 1.5 s"));
        assertTrue("ended soon after the timeout: " + res.duration(), res.duration().toMillis() < 10_000);
        String ps = sh("ps -o args").stdout();
        assertFalse("children are gone too: " + ps, ps.contains("sleep 301") || ps.contains("sleep 302"));
    }

    @Test
    public void cancelEndsTheCommand() throws Exception {
        Recorder r = new Recorder();
        ExecHandle h = shared.exec(ExecRequest.of("/bin/sh", "-c", "echo started; sleep 303"), r);
        r.awaitStdout("started");
        h.cancel();
        h.cancel(); // idempotent
        ExecResult res = r.await(h);
        assertEquals(Termination.CANCELLED, res.termination());
        assertEquals(1, r.exitCalls());
        assertFalse(sh("ps -o args").stdout().contains("sleep 303"));
    }

    @Test
    public void limitsAreVisibleInside() throws Exception {
        String out = sh("cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max;"
                + " cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max;"
                + " cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us 2>/dev/null || cut -d' ' -f1 /sys/fs/cgroup/cpu.max")
                .stdout();
        assertEquals(out, List.of(Long.toString(128 * MIB), "64", "100000"), List.of(out.strip().split("\n")));
    }

    @Test
    public void reservationsAreInTheContainersHostConfig() {
        HostConfig hc = driver.client().inspectContainerCmd(shared.containerId()).exec().getHostConfig();
        assertEquals("hard memory limit", Long.valueOf(128 * MIB), hc.getMemory());
        assertEquals("cpu quota", Long.valueOf(100_000), hc.getCpuQuota());
        assertEquals("500 millicores reserved", Integer.valueOf(512), hc.getCpuShares());
        assertEquals("64 MiB reserved", Long.valueOf(64 * MIB), hc.getMemoryReservation());
    }

    @Test
    public void reservationsAreVisibleInside() throws Exception {
        // cgroup v1: cpu.shares and the soft limit; v2: cpu.weight (engine-converted) and memory.low
        String out = sh("cat /sys/fs/cgroup/cpu/cpu.shares 2>/dev/null || echo weight-$(cat /sys/fs/cgroup/cpu.weight);"
                + " cat /sys/fs/cgroup/memory/memory.soft_limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.low")
                .stdout();
        List<String> lines = List.of(out.strip().split("\n"));
        assertEquals(out, 2, lines.size());
        if (!lines.get(0).startsWith("weight-")) {
            assertEquals(out, "512", lines.get(0));
        }
        assertEquals(out, Long.toString(64 * MIB), lines.get(1));
    }

    @Test
    public void pidsLimitStopsForkBombs() throws Exception {
        try (DockerSandbox s = (DockerSandbox) driver.create(SandboxSpec.of(workspace("pids"),
                new ResourceLimits(0, 64 * MIB, 0, 20)))) {
            // the forking loop in a subshell, which dies of "can't fork"; then only builtins, which need none
            Recorder r = run(s, ExecRequest.of("/bin/sh", "-c", "(i=0; while [ $i -lt 50 ]; do sleep 30 & i=$((i+1));"
                    + " done) 2>/dev/null; read c < /sys/fs/cgroup/pids/pids.current 2>/dev/null"
                    + " || read c < /sys/fs/cgroup/pids.current; echo $c"));
            int processes = Integer.parseInt(r.stdout().strip());
            assertTrue("the limit was reached: " + processes, processes >= 15);
            assertTrue("at most 20 processes: " + processes, processes <= 20);
        }
    }

    @Test
    public void outOfMemoryIsReported() throws Exception {
        try (DockerSandbox small = (DockerSandbox) driver.create(SandboxSpec.of(workspace("oom"),
                new ResourceLimits(0, 32 * MIB, 0, 32)))) {
            Recorder r = run(small, ExecRequest.of("dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1"));
            ExecResult res = r.result();
            assertEquals(res.toString(), Termination.OUT_OF_MEMORY, res.termination());
            assertEquals("killed: memory limit of 32 MiB exceeded", res.message());
        }
    }

    @Test
    public void rootIsReadOnlyTmpAndWorkspaceAreWritable() throws Exception {
        Recorder r = sh("touch /etc/x 2>/dev/null && echo etc-writable; touch /tmp/x && echo tmp-ok;"
                + " echo data > /home/dev/made-inside && echo ws-ok; grep ' / ' /proc/mounts | grep -c ro,");
        assertEquals("tmp-ok\nws-ok\n1\n", r.stdout());
    }

    @Test
    public void noNetworkOnlyLoopback() throws Exception {
        assertEquals("lo\n", sh("ls /sys/class/net").stdout());
    }

    @Test
    public void noNewPrivilegesNoCapabilitiesNotRoot() throws Exception {
        String out = sh("id -u; grep -E '^(NoNewPrivs|CapEff|CapBnd|CapPrm):' /proc/self/status").stdout();
        assertTrue(out, out.startsWith("1000\n"));
        assertTrue(out, out.contains("NoNewPrivs:\t1"));
        assertTrue(out, out.contains("CapEff:\t0000000000000000"));
        assertTrue(out, out.contains("CapBnd:\t0000000000000000"));
        assertEquals("1000:1000", shared.user());
    }

    @Test
    public void filesGoInAndOutThroughTheWorkspace() throws Exception {
        Files.writeString(shared.workspace().resolve("from-host.txt"), "written on the host\n");
        assertEquals("written on the host\n", sh("cat /home/dev/from-host.txt").stdout());
        sh("printf 'written inside' > /home/dev/from-sandbox.txt");
        Path f = shared.workspace().resolve("from-sandbox.txt");
        assertEquals("written inside", Files.readString(f));
        assertEquals("owned by the workspace's owner", 1000, Files.getAttribute(f, "unix:uid"));
    }

    @Test
    public void statsReportUse() throws Exception {
        Files.write(shared.workspace().resolve("bytes.bin"), new byte[1000]);
        SandboxStats s = shared.stats();
        assertTrue(s.toString(), s.memoryBytes() > 0);
        assertTrue(s.toString(), s.pids() >= 1);
        assertTrue(s.toString(), s.cpuNanos() >= 0);
        assertTrue(s.toString(), s.diskBytes() >= 1000);
    }

    @Test
    public void stopKillsCommandsAndRemovesTheContainer() throws Exception {
        DockerSandbox s = (DockerSandbox) driver.create(SandboxSpec.of(workspace("stop"), LIMITS));
        Recorder r = new Recorder();
        ExecHandle h = s.exec(ExecRequest.of("/bin/sh", "-c", "echo started; sleep 304"), r);
        r.awaitStdout("started");
        long t0 = System.nanoTime();
        s.stop();
        System.err.println("stop (container removal) took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        ExecResult res = r.await(h);
        assertEquals(Termination.KILLED, res.termination());
        assertEquals("killed: the sandbox was stopped", res.message());
        assertFalse(s.isRunning());
        s.stop(); // idempotent
        String left = podman.podman("ps", "-a", "--filter", "id=" + s.containerId(), "--format", "{{.ID}}");
        assertEquals("container removed", "", left.strip());
        SandboxException e = assertThrows(SandboxException.class, () -> s.exec(ExecRequest.of("true"), new Recorder()));
        assertEquals(SandboxException.Kind.STOPPED, e.kind());
        assertFalse(driver.sandboxes().contains(s));
    }

    @Test
    public void missingImageIsRefusedWithAHint() throws Exception {
        SandboxException e = assertThrows(SandboxException.class, () -> driver.create(new SandboxSpec(
                "localhost/no-such-image:1", workspace("noimage"), LIMITS, NetworkPolicy.NONE, List.of(), Map.of())));
        assertEquals(SandboxException.Kind.INVALID_SPEC, e.kind());
        assertTrue(e.getMessage(), e.getMessage().contains("pullPolicy"));
    }

    @Test
    public void readOnlyMount() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        Files.writeString(data.resolve("in.txt"), "shared data");
        try (DockerSandbox s = (DockerSandbox) driver.create(new SandboxSpec(null, workspace("mount"), LIMITS,
                NetworkPolicy.NONE, List.of(new SandboxSpec.Mount(data, "/data", true)), Map.of()))) {
            Recorder r = run(s, ExecRequest.of("/bin/sh", "-c", "cat /data/in.txt; touch /data/x 2>/dev/null || echo ro"));
            assertEquals("shared dataro\n", r.stdout());
        }
    }
}
