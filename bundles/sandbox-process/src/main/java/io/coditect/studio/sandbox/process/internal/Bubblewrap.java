package io.coditect.studio.sandbox.process.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds bwrap and checks that it can create a sandbox on this host. */
final class Bubblewrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bubblewrap.class);

    static final String NOT_INSTALLED = "bubblewrap is not installed: install the Debian/Ubuntu package"
            + " 'bubblewrap' (apt-get install bubblewrap) or set bwrapPath";

    private static final long PROBE_TIMEOUT_SECONDS = 20;

    /**
     * What the probe found.
     *
     * @param executable   the bwrap found, or null
     * @param version      for example "bubblewrap 0.8.0"
     * @param tmpfsSize    whether it knows --size (read from its --help; older releases lack it)
     * @param problem      null when usable, else what is wrong and what to do
     */
    record Status(Path executable, String version, boolean tmpfsSize, String problem) {
        boolean usable() {
            return problem == null;
        }
    }

    private Bubblewrap() {
    }

    /** The configured bwrap, or bwrap on the PATH. */
    static Optional<Path> locate(String configured, String pathEnv) {
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured.trim());
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<String> dirs = new ArrayList<>();
        if (pathEnv != null) {
            for (String d : pathEnv.split(":")) {
                if (!d.isEmpty()) {
                    dirs.add(d);
                }
            }
        }
        // a service's PATH can be minimal; these are where the packages put it
        dirs.add("/usr/bin");
        dirs.add("/usr/local/bin");
        dirs.add("/bin");
        for (String d : dirs) {
            Path p = Path.of(d, "bwrap");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Locates bwrap, reads its version and runs an empty sandbox (/bin/true) to see namespaces work. */
    static Status probe(String configured) {
        Optional<Path> found = locate(configured, System.getenv("PATH"));
        if (found.isEmpty()) {
            String detail = configured == null || configured.isBlank()
                    ? " (no 'bwrap' on the PATH)"
                    : " (the configured bwrapPath '" + configured + "' is not an executable file)";
            return new Status(null, null, false, NOT_INSTALLED + detail);
        }
        Path bwrap = found.get();
        try {
            Result version = run(List.of(bwrap.toString(), "--version"));
            if (version.code != 0) {
                return new Status(bwrap, null, false,
                        bwrap + " --version failed (exit code " + version.code + "): " + version.output.trim()
                                + "; reinstall the package 'bubblewrap' (apt-get install --reinstall bubblewrap)");
            }
            Result help = run(List.of(bwrap.toString(), "--help"));
            boolean size = help.output.contains("--size");
            List<String> probe = new ArrayList<>();
            probe.add(bwrap.toString());
            probe.add("--unshare-all");
            probe.add("--cap-drop");
            probe.add("ALL");
            probe.add("--die-with-parent");
            probe.add("--new-session");
            probe.addAll(BwrapCommand.systemMounts(Path.of("/")));
            probe.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--", "true"));
            Result sandbox = run(probe);
            if (sandbox.code != 0) {
                return new Status(bwrap, version.output.trim(), size, "bubblewrap cannot create a sandbox on this host"
                        + " (exit code " + sandbox.code + "): " + sandbox.output.trim() + ". It needs user namespaces"
                        + " (sysctl kernel.unprivileged_userns_clone=1 and user.max_user_namespaces > 0; on Ubuntu 24.04"
                        + " an AppArmor profile for bwrap) or, as root, the right to create namespaces (in a container:"
                        + " CAP_SYS_ADMIN and a seccomp profile that allows unshare and mount)");
            }
            return new Status(bwrap, version.output.trim(), size, null);
        } catch (IOException e) {
            LOG.warn("cannot run {}", bwrap, e);
            return new Status(bwrap, null, false, "cannot run " + bwrap + ": " + e.getMessage()
                    + "; check the file and its permissions, or reinstall the package 'bubblewrap'");
        }
    }

    private record Result(int code, String output) {
    }

    private static Result run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", BwrapCommand.PATH);
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), out), "sandbox-process bwrap probe");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IOException(String.join(" ", command.subList(0, Math.min(3, command.size())))
                        + "… did not finish within " + PROBE_TIMEOUT_SECONDS + " s");
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        synchronized (out) {
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException e) {
            LOG.debug("reading bwrap output: {}", e.toString());
        }
    }
}
