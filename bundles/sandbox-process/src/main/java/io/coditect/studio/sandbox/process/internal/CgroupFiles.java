package io.coditect.studio.sandbox.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and writing cgroup files, and what v1 and v2 groups share. */
final class CgroupFiles {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupFiles.class);

    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            // a failing write() gives only the errno text, without the file name
            throw new IOException("cannot write '" + value.trim() + "' to " + file + ": " + describe(e), e);
        }
    }

    /**
     * Writes a reservation (a soft setting: weight, protection, soft limit). Unlike a hard limit, a
     * reservation that cannot be set does not fail the sandbox: it runs without it, and this logs why.
     *
     * @param sandbox the sandbox's group, for the log
     * @param what    what the value is, for the log ("CPU reservation (cpu.weight)")
     * @return whether the value was written
     */
    static boolean writeReservation(String sandbox, Path file, String value, String what) {
        try {
            write(file, value);
            return true;
        } catch (IOException e) {
            String why = Files.exists(file) ? e.getMessage()
                    : file + " does not exist (its controller is not enabled for the group)";
            LOG.warn("cgroup {}: cannot set the {}: {}; the sandbox runs without it (its hard limits still apply)",
                    sandbox, what, why);
            return false;
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** The first number in the file, or -1 when it cannot be read or is "max". */
    static long readLong(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (s.isEmpty() || s.startsWith("max")) {
                return -1;
            }
            int end = 0;
            while (end < s.length() && Character.isDigit(s.charAt(end))) {
                end++;
            }
            return end == 0 ? -1 : Long.parseLong(s.substring(0, end));
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
            return -1;
        }
    }

    /** The value of "key value" in a flat-keyed file (memory.events, cpu.stat); -1 when absent. */
    static long readKey(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read {} from {}: {}", key, file, e.toString());
        }
        return -1;
    }

    /** The pids in cgroup.procs of the directory and every sub-directory. */
    static Set<Long> pidsBelow(Path dir) {
        Set<Long> pids = new LinkedHashSet<>();
        collectPids(dir, pids);
        return pids;
    }

    private static void collectPids(Path dir, Set<Long> into) {
        Path procs = dir.resolve("cgroup.procs");
        try {
            for (String line : Files.readAllLines(procs, StandardCharsets.US_ASCII)) {
                String t = line.trim();
                if (!t.isEmpty()) {
                    into.add(Long.parseLong(t));
                }
            }
        } catch (NoSuchFileException e) {
            return; // the group is gone
        } catch (IOException | NumberFormatException e) {
            if (!Files.isDirectory(dir)) {
                // removed while we read it: kernfs then answers ENODEV ("No such device")
                LOG.debug("{} went away while reading it: {}", procs, e.toString());
                return;
            }
            LOG.warn("cannot read {}: {}", procs, e.toString());
        }
        for (Path child : subdirectories(dir)) {
            collectPids(child, into);
        }
    }

    static List<Path> subdirectories(Path dir) {
        List<Path> dirs = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return dirs;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Files::isDirectory)) {
            stream.forEach(dirs::add);
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
        }
        return dirs;
    }

    /**
     * SIGKILLs the processes the supplier lists until it lists none. A process forking while we kill
     * may add one more round; the pids limit bounds how many there can be.
     */
    static boolean killAll(java.util.function.Supplier<Set<Long>> pids) {
        for (int round = 0; round < 200; round++) {
            Set<Long> current = pids.get();
            if (current.isEmpty()) {
                return true;
            }
            for (long pid : current) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            if (!sleep(round < 20 ? 5 : 25)) {
                break;
            }
        }
        Set<Long> left = pids.get();
        if (!left.isEmpty()) {
            LOG.warn("processes {} survived SIGKILL; they may be stuck in the kernel (uninterruptible sleep)", left);
        }
        return left.isEmpty();
    }

    /**
     * Removes the directory tree of a cgroup, deepest first. A cgroup whose last process was just
     * killed can stay busy for a moment, so each rmdir is retried for a while.
     */
    static boolean removeTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return true;
        }
        boolean ok = true;
        for (Path child : subdirectories(dir)) {
            ok &= removeTree(child);
        }
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return ok;
            } catch (IOException e) {
                last = e;
                if (!sleep(attempt < 20 ? 5 : 25)) {
                    break;
                }
            }
        }
        LOG.warn("cannot remove cgroup {}: {}; it still holds processes {} - remove it with rmdir once they are gone",
                dir, last == null ? "interrupted" : describe(last), pidsBelow(dir));
        return false;
    }

    static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
