package io.coditect.studio.sandbox.docker.internal;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver's configuration as a plain value, so tests can build it without OSGi.
 *
 * @param dockerHost       the Docker Engine API: unix:///path or tcp://host:port
 * @param defaultImage     image of specs that name none
 * @param runtime          OCI runtime (runc, crun, runsc); empty for the engine's default
 * @param user             uid[:gid] of commands; empty for the workspace folder's owner
 * @param filteredNetwork  network of FILTERED sandboxes; empty: they get no network
 * @param pullPolicy       whether missing images are pulled
 * @param enforceDiskLimit whether the disk limit is passed as storage option 'size'
 * @param ulimits          rlimits of the container's processes
 * @param apiTimeout       longest wait for one API call
 */
public record DriverSettings(String dockerHost, String defaultImage, String runtime, String user,
        String filteredNetwork, PullPolicy pullPolicy, boolean enforceDiskLimit, List<Ulimit> ulimits,
        Duration apiTimeout) {

    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";
    public static final String DEFAULT_IMAGE = "docker.io/library/debian:bookworm-slim";

    private static final Pattern USER = Pattern.compile("[0-9]+(:[0-9]+)?");
    private static final Pattern ULIMIT = Pattern.compile("([a-z]+)=(-?[0-9]+)(?::(-?[0-9]+))?");

    /** One rlimit, as Docker's HostConfig.Ulimits has it. */
    public record Ulimit(String name, long soft, long hard) {
    }

    public DriverSettings {
        dockerHost = blankTo(dockerHost, DEFAULT_DOCKER_HOST);
        checkDockerHost(dockerHost);
        defaultImage = blankTo(defaultImage, DEFAULT_IMAGE);
        runtime = runtime == null ? "" : runtime.trim();
        user = user == null ? "" : user.trim();
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user '" + user + "' is not uid or uid:gid (numbers, e.g. 1000:1000)");
        }
        filteredNetwork = filteredNetwork == null ? "" : filteredNetwork.trim();
        pullPolicy = pullPolicy == null ? PullPolicy.NEVER : pullPolicy;
        ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
        apiTimeout = apiTimeout == null || apiTimeout.isZero() || apiTimeout.isNegative() ? Duration.ofSeconds(60)
                : apiTimeout;
    }

    public static DriverSettings defaults() {
        return new DriverSettings(DEFAULT_DOCKER_HOST, DEFAULT_IMAGE, "", "", "", PullPolicy.NEVER, false, List.of(),
                Duration.ofSeconds(60));
    }

    public static DriverSettings from(DockerSandboxConfig c) {
        Objects.requireNonNull(c, "config");
        return new DriverSettings(c.dockerHost(), c.defaultImage(), c.runtime(), c.user(), c.filteredNetwork(),
                PullPolicy.parse(c.pullPolicy()), c.enforceDiskLimit(), parseUlimits(c.ulimits()),
                Duration.ofSeconds(Math.max(1, c.apiTimeoutSeconds())));
    }

    public DriverSettings withDockerHost(String host) {
        return new DriverSettings(host, defaultImage, runtime, user, filteredNetwork, pullPolicy, enforceDiskLimit,
                ulimits, apiTimeout);
    }

    public DriverSettings withDefaultImage(String image) {
        return new DriverSettings(dockerHost, image, runtime, user, filteredNetwork, pullPolicy, enforceDiskLimit,
                ulimits, apiTimeout);
    }

    public DriverSettings withRuntime(String r) {
        return new DriverSettings(dockerHost, defaultImage, r, user, filteredNetwork, pullPolicy, enforceDiskLimit,
                ulimits, apiTimeout);
    }

    public DriverSettings withUser(String u) {
        return new DriverSettings(dockerHost, defaultImage, runtime, u, filteredNetwork, pullPolicy, enforceDiskLimit,
                ulimits, apiTimeout);
    }

    public DriverSettings withUlimits(List<Ulimit> u) {
        return new DriverSettings(dockerHost, defaultImage, runtime, user, filteredNetwork, pullPolicy,
                enforceDiskLimit, u, apiTimeout);
    }

    public DriverSettings withEnforceDiskLimit(boolean enforce) {
        return new DriverSettings(dockerHost, defaultImage, runtime, user, filteredNetwork, pullPolicy, enforce,
                ulimits, apiTimeout);
    }

    /** "nofile=1024:1024, nproc=4096" (soft:hard; one number sets both). */
    static List<Ulimit> parseUlimits(String text) {
        List<Ulimit> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            Matcher m = ULIMIT.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("ulimit '" + part.trim() + "' is not name=soft[:hard], e.g."
                        + " nofile=1024:1024");
            }
            long soft = Long.parseLong(m.group(2));
            long hard = m.group(3) == null ? soft : Long.parseLong(m.group(3));
            out.add(new Ulimit(m.group(1), soft, hard));
        }
        return out;
    }

    private static void checkDockerHost(String host) {
        URI uri;
        try {
            uri = URI.create(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dockerHost '" + host + "' is not a URI such as"
                    + " unix:///var/run/docker.sock or tcp://127.0.0.1:2375", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("unix") && !scheme.equals("tcp")) {
            throw new IllegalArgumentException("dockerHost '" + host + "' must start with unix:// or tcp://");
        }
    }

    private static String blankTo(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
