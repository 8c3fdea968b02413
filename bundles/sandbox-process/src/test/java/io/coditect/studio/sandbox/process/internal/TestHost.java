package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import io.coditect.studio.sandbox.process.testing.Recorder;

/** Host helpers for tests that use the real bubblewrap and cgroups. */
final class TestHost {

    /** Tests use their own cgroup parent, removed at the end. */
    static final String CGROUP_PARENT = "coditect-studio-test";

    private TestHost() {
    }

    static DriverSettings settings() {
        return DriverSettings.defaults().withCgroupParent(CGROUP_PARENT);
    }

    /** A number no other process on the host has in its command line. */
    static String marker() {
        return "100." + (100_000_000 + ThreadLocalRandom.current().nextInt(900_000_000));
    }

    /** The pids of the host whose command line contains the text (like pgrep -f). */
    static List<Long> pgrep(String text) {
        List<Long> found = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : proc) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pid != self && cmdline.contains(text)) {
                        found.add(pid);
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return found;
    }

    /** Waits (generously) until at least n processes match. */
    static List<Long> awaitProcesses(String text, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Recorder.WAIT_SECONDS);
        List<Long> found = pgrep(text);
        while (found.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = pgrep(text);
        }
        return found;
    }

    /** Waits (generously) until no process matches; returns those still there. */
    static List<Long> awaitNoProcesses(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Long> found = pgrep(text);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = pgrep(text);
        }
        return found;
    }

    /** Removes the test cgroup parent from every hierarchy (it must be empty by now). */
    static void removeTestCgroups() throws IOException {
        for (Path dir : CgroupSupport.detect(CGROUP_PARENT).parentDirectories()) {
            Files.deleteIfExists(dir);
        }
    }
}
