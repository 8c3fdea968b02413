package io.coditect.studio.sandbox.process.internal;

import io.coditect.studio.api.sandbox.Sizes;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The bwrap command line. */
public class BwrapCommandTest {

    private static final long MIB = 1024 * 1024;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private List<String> argv(NetworkPolicy network, ExecRequest request) {
        Path ws = Path.of("/srv/ws");
        SandboxSpec spec = new SandboxSpec(null, ws, ResourceLimits.DEFAULT, network, List.of(), Map.of("A", "1"));
        return BwrapCommand.forExec(Path.of("/usr/bin/bwrap"), Path.of("/"), spec, ws,
                List.of(new SandboxSpec.Mount(Path.of("/data"), "/opt/data", true)), request, true);
    }

    private static boolean containsSequence(List<String> list, String... seq) {
        return Collections.indexOfSubList(list, List.of(seq)) >= 0;
    }

    @Test
    public void isolatesEverything() {
        List<String> a = argv(NetworkPolicy.NONE, ExecRequest.of("make", "-j2"));
        assertEquals("/usr/bin/bwrap", a.get(0));
        assertTrue(a.contains("--unshare-all"));
        assertFalse(a.contains("--share-net"));
        assertTrue(containsSequence(a, "--cap-drop", "ALL"));
        assertTrue(a.contains("--die-with-parent"));
        assertTrue(a.contains("--new-session"));
        assertTrue(containsSequence(a, "--hostname", "sandbox"));
        assertTrue(containsSequence(a, "--ro-bind", "/usr", "/usr"));
        assertTrue(containsSequence(a, "--ro-bind", "/etc", "/etc"));
        assertTrue(containsSequence(a, "--proc", "/proc"));
        assertTrue(containsSequence(a, "--dev", "/dev"));
        assertTrue(containsSequence(a, "--size", Long.toString(BwrapCommand.TMP_MAX), "--tmpfs", "/tmp"));
        assertTrue(containsSequence(a, "--bind", "/srv/ws", "/home/dev"));
        assertTrue(containsSequence(a, "--ro-bind", "/data", "/opt/data"));
        assertTrue(containsSequence(a, "--chdir", "/home/dev"));
        assertTrue(containsSequence(a, "--clearenv", "--setenv", "PATH", BwrapCommand.PATH, "--setenv", "HOME",
                "/home/dev", "--setenv", "LANG", "C.UTF-8", "--setenv", "A", "1"));
        assertEquals(List.of("--", "make", "-j2"), a.subList(a.size() - 3, a.size()));
        // the workspace is mounted after the system folders, the extra mounts after the workspace
        assertTrue(a.indexOf("/home/dev") > a.indexOf("/etc"));
        assertTrue(a.indexOf("/opt/data") > a.indexOf("/home/dev"));
    }

    @Test
    public void rootFoldersFollowTheHost() {
        List<String> a = BwrapCommand.systemMounts(Path.of("/"));
        for (String name : BwrapCommand.ROOT_LINKS) {
            Path p = Path.of("/", name);
            if (Files.isSymbolicLink(p)) {
                assertTrue(name, a.contains("/" + name) && a.get(a.indexOf("/" + name) - 2).equals("--symlink"));
            } else if (Files.isDirectory(p)) {
                assertTrue(name, containsSequence(a, "--ro-bind", p.toString(), "/" + name));
            } else {
                assertFalse(name, a.contains("/" + name));
            }
        }
    }

    @Test
    public void rootFoldersOfAFakeHost() throws Exception {
        Path root = tmp.newFolder("host").toPath();
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("bin"), Path.of("usr/bin"));
        Files.createDirectories(root.resolve("lib"));
        Files.writeString(root.resolve("etc/shadow"), "");
        List<String> a = BwrapCommand.systemMounts(root);
        assertTrue(containsSequence(a, "--symlink", "usr/bin", "/bin"));
        assertTrue(containsSequence(a, "--ro-bind", root.resolve("lib").toString(), "/lib"));
        assertFalse(a.contains("/lib64"));
        assertFalse(a.contains("/sbin"));
        assertTrue(containsSequence(a, "--ro-bind", "/dev/null", "/etc/shadow"));
        assertFalse(a.contains("/etc/gshadow"));
    }

    @Test
    public void networkPolicies() {
        assertTrue(argv(NetworkPolicy.HOST, ExecRequest.of("true")).contains("--share-net"));
        assertFalse(argv(NetworkPolicy.FILTERED, ExecRequest.of("true")).contains("--share-net"));
    }

    @Test
    public void requestEnvironmentAndWorkdir() {
        ExecRequest r = new ExecRequest(List.of("ls"), "src/main", Map.of("A", "2", "B", "3"), Duration.ofSeconds(1));
        List<String> a = argv(NetworkPolicy.NONE, r);
        assertTrue(containsSequence(a, "--chdir", "/home/dev/src/main"));
        Map<String, String> env = BwrapCommand.environment(
                new SandboxSpec(null, Path.of("/w"), null, null, null, Map.of("A", "1", "HOME", "/root")), r);
        assertEquals("2", env.get("A"));
        assertEquals("3", env.get("B"));
        assertEquals("/root", env.get("HOME")); // the spec may override the defaults
        assertEquals(List.of("PATH", "HOME", "LANG", "A", "B"), List.copyOf(env.keySet()));
    }

    @Test
    public void workdirs() {
        assertEquals("/home/dev", BwrapCommand.workdir(null));
        assertEquals("/home/dev", BwrapCommand.workdir(" "));
        assertEquals("/home/dev/a/b", BwrapCommand.workdir("a//b/./"));
        assertEquals("/opt", BwrapCommand.workdir("/opt/"));
        try {
            BwrapCommand.workdir("a/../../etc");
            fail();
        } catch (SandboxException e) {
            assertEquals(SandboxException.Kind.INVALID_SPEC, e.kind());
        }
    }

    @Test
    public void tmpfsSize() {
        assertEquals(BwrapCommand.TMP_MAX, BwrapCommand.tmpfsSize(new ResourceLimits(0, 0, 0, 0)));
        assertEquals(BwrapCommand.TMP_MAX, BwrapCommand.tmpfsSize(ResourceLimits.DEFAULT)); // 10 GiB disk, 8 GiB mem
        assertEquals(100 * MIB, BwrapCommand.tmpfsSize(new ResourceLimits(0, 0, 100 * MIB, 0)));
        assertEquals(32 * MIB, BwrapCommand.tmpfsSize(new ResourceLimits(0, 64 * MIB, 100 * MIB, 0)));
        assertEquals(BwrapCommand.TMP_MIN, BwrapCommand.tmpfsSize(new ResourceLimits(0, 0, 1000, 0)));
    }

    @Test
    public void withoutSizeSupportTmpHasNoSize() {
        Path ws = Path.of("/srv/ws");
        List<String> a = BwrapCommand.forExec(Path.of("/usr/bin/bwrap"), Path.of("/"), SandboxSpec.of(ws, null), ws,
                List.of(), ExecRequest.of("true"), false);
        assertFalse(a.contains("--size"));
        assertTrue(a.contains("--tmpfs"));
    }

    @Test
    public void joiningCgroupsWrapsTheCommand() {
        List<String> a = ProcessSandbox.joiningCgroups(List.of(Path.of("/cg/a/cgroup.procs"),
                Path.of("/cg/b/cgroup.procs")), List.of("bwrap", "--", "true"));
        assertEquals(List.of("/bin/sh", "-c", ProcessSandbox.JOIN_SCRIPT, "sandbox-join", "2", "/cg/a/cgroup.procs",
                "/cg/b/cgroup.procs", "bwrap", "--", "true"), a);
    }

    @Test
    public void sizesAndSignals() {
        assertEquals("64 MiB", Sizes.bytes(64 * MIB));
        assertEquals("4 GiB", Sizes.bytes(4L << 30));
        assertEquals("1.5 GiB", Sizes.bytes(3L << 29));
        assertEquals("100 bytes", Sizes.bytes(100));
        assertEquals("2 s", Sizes.duration(Duration.ofSeconds(2)));
        assertEquals("250 ms", Sizes.duration(Duration.ofMillis(250)));
        assertEquals("2 min", Sizes.duration(Duration.ofMinutes(2)));
        assertEquals(9, Signals.fromExitCode(137));
        assertEquals(0, Signals.fromExitCode(1));
        assertEquals("SIGKILL", Signals.name(9));
    }
}
