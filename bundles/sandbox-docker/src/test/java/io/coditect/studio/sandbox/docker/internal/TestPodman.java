package io.coditect.studio.sandbox.docker.internal;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Podman Docker-compatible API for the tests, started once per test JVM: podman's service
 * with runc (crun fails on hosts with hybrid cgroups) on a socket under target/, with its own
 * storage, and an image imported from a busybox rootfs built here (no registry is reachable).
 *
 * <p>Installs nothing: it needs podman, runc and busybox-static (Debian packages) and root. When
 * one is missing, or podman cannot run here, the tests are skipped with the reason (Assume).
 */
final class TestPodman {

    static final String IMAGE = "localhost/coditect-sandbox-test:busybox";

    /** The limits podman may set here: its defaults (1048576 open files) exceed a container's hard limits. */
    static final String ULIMITS = "nofile=1024:1024,nproc=4096:4096";

    private static TestPodman instance;
    private static String problem;

    final Path dir;
    final Path socket;
    final Duration setupTime;
    private final List<String> podman;

    private TestPodman(Path dir, List<String> podman, Path socket, Duration setupTime) {
        this.dir = dir;
        this.podman = podman;
        this.socket = socket;
        this.setupTime = setupTime;
    }

    /** The running service, or a skip of the calling test with the reason. */
    static synchronized TestPodman get() {
        if (instance == null && problem == null) {
            try {
                instance = start();
            } catch (Exception e) {
                problem = e instanceof IllegalStateException ? e.getMessage() : e.toString();
            }
            if (problem != null) {
                System.err.println("SKIPPED docker sandbox tests: " + problem);
            }
        }
        assumeTrue("podman is not usable here, so the docker sandbox tests are skipped: " + problem, instance != null);
        return instance;
    }

    DriverSettings settings() {
        return DriverSettings.defaults().withDockerHost("unix://" + socket).withDefaultImage(IMAGE)
                .withRuntime("runc").withUlimits(DriverSettings.parseUlimits(ULIMITS));
    }

    private static TestPodman start() throws Exception {
        long t0 = System.nanoTime();
        String podmanExe = which("podman");
        String runc = which("runc");
        String busybox = Files.isExecutable(Path.of("/bin/busybox")) ? "/bin/busybox"
                : Files.isExecutable(Path.of("/usr/bin/busybox")) ? "/usr/bin/busybox" : null;
        if (podmanExe == null || runc == null || busybox == null) {
            throw new IllegalStateException("podman, runc and busybox are needed (apt-get install podman runc"
                    + " busybox-static); found podman=" + podmanExe + " runc=" + runc + " busybox=" + busybox);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the tests run podman as root (rootful storage and cgroups); user is "
                    + System.getProperty("user.name"));
        }
        Path dir = Path.of(System.getProperty("podman.dir", "target/podman")).toAbsolutePath();
        // podman's run-time files hold unix sockets, whose paths are limited to 107 bytes: keep them
        // short; and the same for the same storage, whose database records the runroot
        Path run = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                "coditect-podman-" + Integer.toHexString(dir.toString().hashCode())));
        // a fresh storage each run: left-overs of a killed run (mounts, a database naming another
        // runroot) would otherwise break the import
        unmountUnder(dir);
        deleteQuietly(dir.resolve("storage"));
        Files.createDirectories(dir);
        List<String> podman = List.of(podmanExe, "--runtime", runc, "--root", dir.resolve("storage").toString(),
                "--runroot", run.resolve("runroot").toString(), "--tmpdir", run.resolve("tmp").toString(),
                "--cgroup-manager", "cgroupfs", "--events-backend", "file");
        Path socket = run.resolve("podman.sock");
        Path tar = buildRootfs(dir, busybox);
        run(podman, "import", tar.toString(), IMAGE);
        serve(podman, socket, dir.resolve("service.log"));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        System.err.println("podman service on " + socket + " with image " + IMAGE + " ready in " + took.toMillis()
                + " ms");
        return new TestPodman(dir, podman, socket, took);
    }

    /**
     * Starts "podman system service" on the socket; stopped when the JVM ends. Returns once the
     * socket exists.
     */
    private static Process serve(List<String> podman, Path socket, Path log) throws Exception {
        Files.deleteIfExists(socket);
        List<String> serve = new ArrayList<>(podman);
        serve.addAll(List.of("system", "service", "--time=0", "unix://" + socket));
        // conmon writes a file named "oom" into its working folder when a command is OOM-killed
        Process service = new ProcessBuilder(serve).directory(log.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // no graceful stop: the JVM is exiting, and the lazy unmount below needs podman gone first
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.destroyForcibly();
            try {
                service.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                // podman leaves its storage's overlay folder mounted, which would break mvn clean
                unmountUnder(log.getParent());
            } catch (Exception e) {
                System.err.println("cannot unmount podman's storage under " + log.getParent() + ": " + e);
            }
        }));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (!service.isAlive()) {
                throw new IllegalStateException("podman system service ended: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("podman system service did not open " + socket + " in 30 s");
            }
            Thread.sleep(20);
        }
        return service;
    }

    /** Lazily unmounts what a killed podman left mounted under dir (overlay layers, shm). */
    private static void unmountUnder(Path dir) throws Exception {
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].startsWith(dir.toString() + "/")) {
                mounts.add(f[4]);
            }
        }
        mounts.sort(Comparator.reverseOrder());
        for (String m : mounts) {
            new ProcessBuilder("umount", "-l", m).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** busybox-static with its applets as symlinks, a passwd with root and dev (1000), as a tar. */
    private static Path buildRootfs(Path dir, String busybox) throws Exception {
        Path root = dir.resolve("rootfs");
        deleteQuietly(root);
        Files.createDirectories(root.resolve("bin"));
        for (String d : List.of("tmp", "home/dev", "etc", "proc", "sys", "dev", "root")) {
            Files.createDirectories(root.resolve(d));
        }
        // Podman gives a tmpfs the mode of the image's folder under it (tmpcopyup), not the mode option
        run(List.of("chmod", "1777", root.resolve("tmp").toString()));
        Files.copy(Path.of(busybox), root.resolve("bin/busybox"));
        Process list = new ProcessBuilder(busybox, "--list").start();
        String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        list.waitFor();
        for (String a : applets.split("\\s+")) {
            if (!a.isEmpty() && !a.equals("busybox")) {
                Files.createSymbolicLink(root.resolve("bin").resolve(a), Path.of("busybox"));
            }
        }
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ndev:x:1000:1000:dev:/home/dev:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndev:x:1000:\n");
        Path tar = dir.resolve("rootfs.tar");
        run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."));
        return tar;
    }

    /** The podman command line with this service's storage options (podman as a local CLI on the same storage). */
    List<String> localCommand() {
        return podman;
    }

    /** The podman CLI as a remote client of this service (its libpod API on the same socket). */
    List<String> remoteCommand() {
        return List.of(podman.get(0), "--remote", "--url", "unix://" + socket);
    }

    String podman(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(podman);
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> base, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    private static String which(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static void deleteQuietly(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort: leftovers under target/ go with mvn clean
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
