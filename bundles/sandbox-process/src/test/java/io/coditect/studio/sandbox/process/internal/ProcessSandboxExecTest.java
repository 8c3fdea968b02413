package io.coditect.studio.sandbox.process.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.coditect.studio.api.sandbox.ExecHandle;
import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.ExecResult;
import io.coditect.studio.api.sandbox.ExecResult.Termination;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.Sandbox;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import io.coditect.studio.sandbox.process.testing.Recorder;

/** Commands in a sandbox: output, input, exit codes and isolation, with the real bubblewrap. */
public class ProcessSandboxExecTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private ProcessSandboxDriver driver;
    private Path workspace;

    @Before
    public void setUp() throws Exception {
        driver = new ProcessSandboxDriver(TestHost.settings());
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

    private Sandbox sandbox() {
        return driver.create(SandboxSpec.of(workspace, ResourceLimits.DEFAULT));
    }

    private static ExecResult run(Sandbox sandbox, Recorder r, String... command) throws Exception {
        ExecHandle h = sandbox.exec(ExecRequest.of(command), r);
        h.stdin().close();
        return r.await(h);
    }

    @Test
    public void echoIsStreamedAndExitsWithZero() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(ExecRequest.of("sh", "-c", "echo ready; read line; echo \"got $line\""), r);
            // the first line arrives while the command still waits for input: output is not buffered
            r.awaitStdout("ready\n");
            assertEquals(0, r.exitCalls());
            h.stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            h.stdin().close();
            ExecResult result = r.await(h);
            assertEquals(Termination.EXITED, result.termination());
            assertEquals(0, result.exitCode());
            assertTrue(result.succeeded());
            assertEquals("ready\ngot go\n", r.stdout());
            assertEquals("", r.stderr());
            assertEquals(1, r.exitCalls());
            assertFalse(r.outputAfterExit());
            List<String> events = r.events();
            assertEquals("exit:EXITED", events.get(events.size() - 1));
        }
    }

    @Test
    public void stderrIsSeparate() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "sh", "-c", "echo out; echo err >&2");
            assertEquals(0, result.exitCode());
            assertEquals("out\n", r.stdout());
            assertEquals("err\n", r.stderr());
        }
    }

    @Test
    public void nonZeroExitCode() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "sh", "-c", "exit 3");
            assertEquals(Termination.EXITED, result.termination());
            assertEquals(3, result.exitCode());
            assertFalse(result.succeeded());
            assertEquals("exited with code 3", result.message());
        }
    }

    @Test
    public void killedBySignalIs128PlusSignal() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "sh", "-c", "kill -TERM $$");
            assertEquals(Termination.KILLED, result.termination());
            assertEquals(128 + 15, result.exitCode());
            assertTrue(result.message(), result.message().contains("SIGTERM"));
        }
    }

    @Test
    public void unknownCommandFailsWithMessage() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "no-such-command-here");
            assertNotEquals(0, result.exitCode());
            assertTrue(r.stderr(), r.stderr().contains("no-such-command-here"));
        }
    }

    @Test
    public void stdinRoundTrip() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(ExecRequest.of("cat"), r);
            byte[] data = new byte[200_000]; // more than a pipe holds: cat must stream both ways
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + i % 26);
            }
            h.stdin().write(data);
            h.stdin().close();
            ExecResult result = r.await(h);
            assertEquals(0, result.exitCode());
            assertEquals(new String(data, StandardCharsets.UTF_8), r.stdout());
        }
    }

    @Test
    public void workspaceIsWritableAndSharedWithTheHost() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            assertEquals(workspace.toRealPath(), sandbox.workspace());
            Files.writeString(workspace.resolve("from-host.txt"), "host\n");
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "sh", "-c",
                    "pwd; echo $HOME; cat from-host.txt; echo written > /home/dev/from-sandbox.txt");
            assertEquals(r.stderr(), 0, result.exitCode());
            assertEquals("/home/dev\n/home/dev\nhost\n", r.stdout());
            assertEquals("written\n", Files.readString(workspace.resolve("from-sandbox.txt")));
        }
    }

    @Test
    public void workdirIsTakenFromTheWorkspace() throws Exception {
        Files.createDirectories(workspace.resolve("sub/dir"));
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(new ExecRequest(List.of("pwd"), "sub/dir", Map.of(), null), r);
            h.stdin().close();
            assertEquals(0, r.await(h).exitCode());
            assertEquals("/home/dev/sub/dir\n", r.stdout());
        }
    }

    @Test
    public void hostFileSystemIsHiddenAndSystemFoldersAreReadOnly() throws Exception {
        Path secret = tmp.newFile("secret.txt").toPath();
        Files.writeString(secret, "secret");
        try (Sandbox sandbox = sandbox()) {
            Recorder ls = new Recorder();
            assertEquals(0, run(sandbox, ls, "ls", "-a", "/").exitCode());
            Set<String> root = new HashSet<>(Arrays.asList(ls.stdout().trim().split("\\s+")));
            assertFalse(root.toString(), root.contains("work"));
            assertFalse(root.toString(), root.contains("root"));
            assertTrue(root.toString(), root.containsAll(List.of("usr", "etc", "bin", "tmp", "proc", "dev", "home")));

            // the host's folders outside the binds are not there, not even the test's own temp folder
            Recorder cat = new Recorder();
            ExecResult r = run(sandbox, cat, "cat", secret.toString());
            assertNotEquals(0, r.exitCode());
            assertTrue(cat.stderr(), cat.stderr().contains("No such file"));
            Recorder work = new Recorder();
            assertEquals(1, run(sandbox, work, "test", "-e", "/work").exitCode());

            Recorder touch = new Recorder();
            ExecResult t = run(sandbox, touch, "touch", "/usr/coditect-sandbox-probe");
            assertNotEquals(0, t.exitCode());
            assertTrue(touch.stderr(), touch.stderr().contains("Read-only file system"));
            assertFalse(Files.exists(Path.of("/usr/coditect-sandbox-probe")));

            Recorder etc = new Recorder();
            assertNotEquals(0, run(sandbox, etc, "sh", "-c", "echo x >> /etc/hostname").exitCode());

            // /tmp is private to the command
            Recorder tmpWrite = new Recorder();
            assertEquals(0, run(sandbox, tmpWrite, "sh", "-c", "echo x > /tmp/private && cat /tmp/private").exitCode());
            assertEquals("x\n", tmpWrite.stdout());
        }
        if (Files.exists(Path.of("/etc/shadow"))) {
            try (Sandbox sandbox = sandbox()) {
                Recorder shadow = new Recorder();
                run(sandbox, shadow, "cat", "/etc/shadow");
                assertEquals("", shadow.stdout());
            }
        }
    }

    /**
     * The studio may run as root; bwrap then keeps every capability unless told otherwise, and a
     * command could remount the read-only binds writable.
     */
    @Test
    public void noCapabilitiesAndReadOnlyBindsStayReadOnly() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder caps = new Recorder();
            assertEquals(0, run(sandbox, caps, "grep", "-E", "^(CapEff|CapBnd|NoNewPrivs)", "/proc/self/status")
                    .exitCode());
            assertEquals("CapEff:\t0000000000000000\nCapBnd:\t0000000000000000\nNoNewPrivs:\t1\n", caps.stdout());
            Recorder remount = new Recorder();
            ExecResult r = run(sandbox, remount, "sh", "-c", "mount -o remount,bind,rw /usr && echo remounted");
            assertNotEquals(0, r.exitCode());
            assertEquals("", remount.stdout());
        }
    }

    @Test
    public void hostnameAndCleanEnvironment() throws Exception {
        SandboxSpec spec = new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.NONE, List.of(),
                Map.of("FROM_SPEC", "spec", "SHARED", "spec"));
        try (Sandbox sandbox = driver.create(spec)) {
            Recorder r = new Recorder();
            ExecHandle h = sandbox.exec(new ExecRequest(List.of("env"), null,
                    Map.of("FROM_REQUEST", "request", "SHARED", "request"), null), r);
            h.stdin().close();
            assertEquals(0, r.await(h).exitCode());
            Set<String> lines = new HashSet<>(Arrays.asList(r.stdout().trim().split("\n")));
            // bwrap sets PWD after --chdir
            assertEquals(Set.of("PATH=" + BwrapCommand.PATH, "HOME=/home/dev", "LANG=C.UTF-8", "PWD=/home/dev",
                    "FROM_SPEC=spec", "FROM_REQUEST=request", "SHARED=request"), lines);

            Recorder host = new Recorder();
            assertEquals(0, run(sandbox, host, "cat", "/proc/sys/kernel/hostname").exitCode());
            assertEquals("sandbox\n", host.stdout());
        }
    }

    @Test
    public void commandsSeeOnlyTheirOwnProcesses() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            assertEquals(0, run(sandbox, r, "sh", "-c", "ls /proc | grep -c '^[0-9]'").exitCode());
            // bwrap's init, sh, ls and grep at most
            assertTrue(r.stdout(), Integer.parseInt(r.stdout().trim()) <= 4);
        }
    }

    /**
     * FILTERED: the sandbox reaches nothing itself, but its proxy port leads to the studio's filter,
     * played here by a Unix socket that answers every request itself.
     */
    @Test
    public void filteredNetworkGoesOutOnlyThroughTheEgressSocket() throws Exception {
        Path socket = tmp.getRoot().toPath().resolve("egress.sock");
        try (java.nio.channels.ServerSocketChannel filter = java.nio.channels.ServerSocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            filter.bind(java.net.UnixDomainSocketAddress.of(socket));
            Thread answering = new Thread(() -> {
                while (filter.isOpen()) {
                    try (java.nio.channels.SocketChannel c = filter.accept()) {
                        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(4096);
                        c.read(head);
                        String request = new String(head.array(), 0, head.position(), StandardCharsets.ISO_8859_1);
                        String body = "filter saw: " + request.substring(0, request.indexOf("\r\n")) + "\n";
                        c.write(java.nio.ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length()
                                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1)));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            answering.setDaemon(true);
            answering.start();
            SandboxSpec spec = new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.FILTERED,
                    List.of(new SandboxSpec.Mount(socket, SandboxSpec.EGRESS_SOCKET, false)), Map.of());
            try (Sandbox sandbox = driver.create(spec)) {
                Recorder viaProxy = new Recorder();
                assertEquals(viaProxy.stderr(), 0, run(sandbox, viaProxy, "curl", "-sS", "--max-time", "10",
                        "http://example.org/page").exitCode());
                assertEquals("filter saw: GET http://example.org/page HTTP/1.1\n", viaProxy.stdout());
                Recorder direct = new Recorder();
                assertNotEquals(0, run(sandbox, direct, "curl", "-sS", "--noproxy", "*", "--max-time", "5",
                        "http://1.1.1.1/").exitCode());
                Recorder env = new Recorder();
                run(sandbox, env, "sh", "-c", "echo $HTTPS_PROXY");
                assertEquals("http://127.0.0.1:" + SandboxSpec.EGRESS_PROXY_PORT + "\n", env.stdout());
            }
        }
    }

    @Test
    public void noNetworkByDefault() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Sandbox sandbox = sandbox()) {
            Recorder dev = new Recorder();
            assertEquals(0, run(sandbox, dev, "cat", "/proc/net/dev").exitCode());
            Set<String> interfaces = new HashSet<>();
            for (String line : dev.stdout().split("\n")) {
                if (line.contains(":")) {
                    interfaces.add(line.substring(0, line.indexOf(':')).trim());
                }
            }
            assertEquals(Set.of("lo"), interfaces);

            Recorder connect = new Recorder();
            run(sandbox, connect, "perl", "-MIO::Socket::INET", "-e", CONNECT, Integer.toString(server.getLocalPort()));
            assertTrue(connect.stdout() + connect.stderr(), connect.stdout().startsWith("failed"));
        }
    }

    private static final String CONNECT = "my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',"
            + " PeerPort => $ARGV[0], Timeout => 10); print $s ? \"connected\\n\" : \"failed: $!\\n\";";

    @Test
    public void hostNetworkWhenAsked() throws Exception {
        SandboxSpec spec = new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.HOST, List.of(),
                Map.of());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Sandbox sandbox = driver.create(spec)) {
            Recorder connect = new Recorder();
            run(sandbox, connect, "perl", "-MIO::Socket::INET", "-e", CONNECT, Integer.toString(server.getLocalPort()));
            assertEquals(connect.stderr(), "connected\n", connect.stdout());
        }
    }

    @Test
    public void filteredNetworkWithoutTheEgressFilterIsNoneAndSaysSo() throws Exception {
        SandboxSpec spec = new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.FILTERED, List.of(),
                Map.of());
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Sandbox sandbox = driver.create(spec)) {
            Recorder connect = new Recorder();
            ExecResult first = run(sandbox, connect, "perl", "-MIO::Socket::INET", "-e", CONNECT,
                    Integer.toString(server.getLocalPort()));
            assertTrue(connect.stdout(), connect.stdout().startsWith("failed"));
            assertTrue(first.message(), first.message().contains("egress filter mounted"));
            ExecResult second = run(sandbox, new Recorder(), "true");
            assertEquals("", second.message());
        }
    }

    @Test
    public void extraMounts() throws Exception {
        Path ro = tmp.newFolder("ro").toPath();
        Files.writeString(ro.resolve("data.txt"), "data\n");
        Path rw = tmp.newFolder("rw").toPath();
        SandboxSpec spec = new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.NONE,
                List.of(new SandboxSpec.Mount(ro, "/opt/data", true), new SandboxSpec.Mount(rw, "/mnt/out", false)),
                Map.of());
        try (Sandbox sandbox = driver.create(spec)) {
            Recorder r = new Recorder();
            ExecResult result = run(sandbox, r, "sh", "-c",
                    "cat /opt/data/data.txt; echo out > /mnt/out/f; touch /opt/data/x 2>/dev/null || echo read-only");
            assertEquals(r.stderr(), 0, result.exitCode());
            assertEquals("data\nread-only\n", r.stdout());
            assertEquals("out\n", Files.readString(rw.resolve("f")));
        }
    }

    @Test
    public void invalidRequestsAreRefused() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            assertInvalid(() -> sandbox.exec(new ExecRequest(List.of("true"), "../escape", Map.of(), null),
                    new Recorder()));
            assertInvalid(() -> sandbox.exec(new ExecRequest(List.of("true"), null, Map.of("BAD-NAME", "x"), null),
                    new Recorder()));
            assertInvalid(() -> sandbox.exec(ExecRequest.of("true").withTimeout(java.time.Duration.ZERO),
                    new Recorder()));
        }
        assertInvalid(() -> driver.create(new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.NONE,
                List.of(new SandboxSpec.Mount(workspace.resolve("missing"), "/opt/x", true)), Map.of())));
        assertInvalid(() -> driver.create(new SandboxSpec(null, workspace, ResourceLimits.DEFAULT, NetworkPolicy.NONE,
                List.of(new SandboxSpec.Mount(workspace, "/proc/x", true)), Map.of())));
        assertInvalid(() -> driver.create(new SandboxSpec("ubuntu:24.04", workspace, ResourceLimits.DEFAULT,
                NetworkPolicy.NONE, List.of(), Map.of())));
    }

    private static void assertInvalid(Runnable r) {
        try {
            r.run();
            fail("expected INVALID_SPEC");
        } catch (SandboxException e) {
            assertEquals(e.getMessage(), SandboxException.Kind.INVALID_SPEC, e.kind());
        }
    }

    /**
     * bwrap's --die-with-parent fires when the thread that forked it ends; the driver forks on a
     * thread of its own, so a command outlives the caller's thread.
     */
    @Test
    public void commandOutlivesTheThreadThatStartedIt() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder r = new Recorder();
            AtomicReference<ExecHandle> handle = new AtomicReference<>();
            Thread caller = new Thread(() -> handle.set(
                    sandbox.exec(ExecRequest.of("sh", "-c", "echo started; read x; echo survived"), r)));
            caller.start();
            caller.join();
            r.awaitStdout("started\n");
            handle.get().stdin().write("go\n".getBytes(StandardCharsets.UTF_8));
            handle.get().stdin().close();
            ExecResult result = r.await(handle.get());
            assertEquals(Termination.EXITED, result.termination());
            assertEquals("started\nsurvived\n", r.stdout());
        }
    }

    @Test
    public void manyCommandsAtOnce() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            Recorder[] recorders = new Recorder[6];
            ExecHandle[] handles = new ExecHandle[recorders.length];
            for (int i = 0; i < recorders.length; i++) {
                recorders[i] = new Recorder();
                handles[i] = sandbox.exec(ExecRequest.of("sh", "-c", "echo " + i), recorders[i]);
                handles[i].stdin().close();
            }
            for (int i = 0; i < recorders.length; i++) {
                assertEquals(0, recorders[i].await(handles[i]).exitCode());
                assertEquals(i + "\n", recorders[i].stdout());
            }
        }
    }

    @Test
    public void execOnAStoppedSandboxThrowsStopped() throws Exception {
        Sandbox sandbox = sandbox();
        assertTrue(sandbox.isRunning());
        sandbox.stop();
        assertFalse(sandbox.isRunning());
        sandbox.stop(); // idempotent
        try {
            sandbox.exec(ExecRequest.of("true"), new Recorder());
            fail("expected STOPPED");
        } catch (SandboxException e) {
            assertEquals(SandboxException.Kind.STOPPED, e.kind());
        }
    }
}
