package io.coditect.studio.sandbox.process.internal;

import io.coditect.studio.api.sandbox.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.coditect.studio.api.sandbox.ExecRequest;
import io.coditect.studio.api.sandbox.NetworkPolicy;
import io.coditect.studio.api.sandbox.ResourceLimits;
import io.coditect.studio.api.sandbox.SandboxException;
import io.coditect.studio.api.sandbox.SandboxSpec;

/**
 * Builds the bwrap command line of a sandbox command.
 *
 * <p>Layout inside: the host's /usr and /etc read-only; /bin, /sbin, /lib, /lib64 (and /lib32,
 * /libx32) as the same symlinks as on the host, or read-only binds when they are real folders;
 * /etc/shadow and /etc/gshadow hidden; a fresh /proc and /dev; /tmp a tmpfs; the workspace writable
 * at {@link SandboxSpec#WORKSPACE}; the spec's extra mounts. Every namespace is new (user when
 * possible, ipc, pid, net, uts, cgroup when possible); the network namespace is shared only for
 * {@link NetworkPolicy#HOST}. All capabilities are dropped (bwrap keeps them when the studio runs as
 * root), and bwrap sets no_new_privs, so setuid programs gain nothing.
 */
final class BwrapCommand {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String HOSTNAME = "sandbox";

    /** Top-level folders that merged-/usr systems make symlinks into /usr. */
    static final List<String> ROOT_LINKS = List.of("bin", "sbin", "lib", "lib64", "lib32", "libx32");

    /** Files of the host's /etc that the sandbox must not read. */
    static final List<String> HIDDEN = List.of("/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-");

    /** Upper bound of the /tmp tmpfs; see {@link #tmpfsSize(ResourceLimits)}. */
    static final long TMP_MAX = Sizes.GIB;
    static final long TMP_MIN = Sizes.MIB;

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private BwrapCommand() {
    }

    /**
     * The mounts of the system folders, as seen on the host under hostRoot (normally "/").
     */
    static List<String> systemMounts(Path hostRoot) {
        List<String> a = new ArrayList<>();
        a.add("--ro-bind");
        a.add(hostRoot.resolve("usr").toString());
        a.add("/usr");
        for (String name : ROOT_LINKS) {
            Path p = hostRoot.resolve(name);
            if (Files.isSymbolicLink(p)) {
                try {
                    a.add("--symlink");
                    a.add(Files.readSymbolicLink(p).toString());
                    a.add("/" + name);
                } catch (java.io.IOException e) {
                    throw new SandboxException(SandboxException.Kind.FAILED,
                            "cannot read the symlink " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.isDirectory(p)) {
                a.add("--ro-bind");
                a.add(p.toString());
                a.add("/" + name);
            }
        }
        a.add("--ro-bind");
        a.add(hostRoot.resolve("etc").toString());
        a.add("/etc");
        for (String hidden : HIDDEN) {
            if (Files.exists(hostRoot.resolve(hidden.substring(1)))) {
                a.add("--ro-bind");
                a.add("/dev/null");
                a.add(hidden);
            }
        }
        return a;
    }

    /**
     * The tmpfs size of /tmp: the smallest of the disk limit, half the memory limit (tmpfs pages are
     * charged to the sandbox's memory, so /tmp fills up before the OOM killer strikes) and
     * {@link #TMP_MAX}; at least {@link #TMP_MIN}.
     */
    static long tmpfsSize(ResourceLimits limits) {
        long size = limits.diskBytes() > 0 ? Math.min(limits.diskBytes(), TMP_MAX) : TMP_MAX;
        if (limits.memoryBytes() > 0) {
            size = Math.min(size, limits.memoryBytes() / 2);
        }
        return Math.max(size, TMP_MIN);
    }

    /**
     * The full bwrap argv for one command.
     *
     * @param workspace      the workspace's real host path
     * @param mounts         the spec's mounts, host paths already resolved
     * @param tmpfsSizeFlag  whether this bwrap knows --size
     */
    static List<String> forExec(Path bwrap, Path hostRoot, SandboxSpec spec, Path workspace,
            List<SandboxSpec.Mount> mounts, ExecRequest request, boolean tmpfsSizeFlag) {
        List<String> a = new ArrayList<>();
        a.add(bwrap.toString());
        a.add("--unshare-all");
        if (spec.network() == NetworkPolicy.HOST) {
            a.add("--share-net");
        }
        // FILTERED: no network of its own; egressRelay() below reaches the studio's filter

        // run as root, bwrap keeps every capability (namespaced, but enough to remount the read-only
        // binds writable and write the host's /usr as root): drop them all, always
        a.add("--cap-drop");
        a.add("ALL");
        a.add("--die-with-parent");
        a.add("--new-session");
        a.add("--hostname");
        a.add(HOSTNAME);
        a.addAll(systemMounts(hostRoot));
        a.add("--proc");
        a.add("/proc");
        a.add("--dev");
        a.add("/dev");
        if (tmpfsSizeFlag) {
            a.add("--size");
            a.add(Long.toString(tmpfsSize(spec.limits())));
        }
        a.add("--tmpfs");
        a.add("/tmp");
        a.add("--bind");
        a.add(workspace.toString());
        a.add(SandboxSpec.WORKSPACE);
        for (SandboxSpec.Mount m : mounts) {
            a.add(m.readOnly() ? "--ro-bind" : "--bind");
            a.add(m.hostPath().toString());
            a.add(m.sandboxPath());
        }
        a.add("--chdir");
        a.add(workdir(request.workdir()));
        a.add("--clearenv");
        for (Map.Entry<String, String> e : environment(spec, request).entrySet()) {
            a.add("--setenv");
            a.add(e.getKey());
            a.add(e.getValue());
        }
        a.add("--");
        if (hasEgress(spec)) {
            a.addAll(List.of("/bin/sh", "-c", EGRESS_RELAY, "studio-egress"));
        }
        a.addAll(request.command());
        return a;
    }

    /**
     * Inside a FILTERED sandbox: socat relays 127.0.0.1:3128 to the filter's socket; the command
     * starts once it listens (3128 is 0C38 in /proc/net/tcp, which shows this sandbox's network).
     */
    static final String EGRESS_RELAY = "socat TCP-LISTEN:" + SandboxSpec.EGRESS_PROXY_PORT
            + ",bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:" + SandboxSpec.EGRESS_SOCKET + " 2>/dev/null &"
            + " i=0; until grep -q ':0C38 ' /proc/net/tcp 2>/dev/null || [ $i -ge 2000 ]; do i=$((i+1)); sleep 0.001;"
            + " done; exec \"$@\"";

    /** Whether the sandbox goes out through the studio's egress filter. */
    static boolean hasEgress(SandboxSpec spec) {
        return spec.network() == NetworkPolicy.FILTERED
                && spec.mounts().stream().anyMatch(m -> m.sandboxPath().equals(SandboxSpec.EGRESS_SOCKET));
    }

    /** PATH, HOME and LANG, then the spec's, then the request's variables. */
    static Map<String, String> environment(SandboxSpec spec, ExecRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOME", SandboxSpec.WORKSPACE);
        env.put("LANG", "C.UTF-8");
        if (hasEgress(spec)) {
            String proxy = "http://127.0.0.1:" + SandboxSpec.EGRESS_PROXY_PORT;
            for (String name : List.of("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy")) {
                env.put(name, proxy);
            }
            env.put("NO_PROXY", "localhost,127.0.0.1");
            env.put("no_proxy", "localhost,127.0.0.1");
        }
        env.putAll(new java.util.TreeMap<>(spec.env()));
        env.putAll(new java.util.TreeMap<>(request.env()));
        return env;
    }

    static void checkEnv(Map<String, String> env, String where) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, "environment variable name '" + e.getKey()
                        + "' of the " + where + " is not valid: use letters, digits and '_', not starting with a digit");
            }
            if (e.getValue() == null || e.getValue().indexOf('\0') >= 0) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC,
                        "environment variable " + e.getKey() + " of the " + where + " has no value or contains NUL");
            }
        }
    }

    /** The working folder inside the sandbox; relative paths are taken from the workspace. */
    static String workdir(String requested) {
        if (requested == null || requested.isBlank()) {
            return SandboxSpec.WORKSPACE;
        }
        String path = requested.startsWith("/") ? requested : SandboxSpec.WORKSPACE + "/" + requested;
        return normaliseSandboxPath(path, "working folder");
    }

    /** An absolute, normalised path inside the sandbox; ".." segments are refused. */
    static String normaliseSandboxPath(String path, String what) {
        if (!path.startsWith("/")) {
            throw new SandboxException(SandboxException.Kind.INVALID_SPEC, what + " '" + path + "' must be absolute");
        }
        StringBuilder b = new StringBuilder();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC,
                        what + " '" + path + "' must not contain '..'");
            }
            if (s.indexOf('\0') >= 0) {
                throw new SandboxException(SandboxException.Kind.INVALID_SPEC, what + " '" + path + "' contains NUL");
            }
            b.append('/').append(s);
        }
        return b.length() == 0 ? "/" : b.toString();
    }
}
