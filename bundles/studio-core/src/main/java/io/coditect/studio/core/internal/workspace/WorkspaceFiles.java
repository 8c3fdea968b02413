package io.coditect.studio.core.internal.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.coditect.studio.api.session.WorkspaceEntry;
import io.coditect.studio.api.session.WorkspaceListing;
import io.coditect.studio.api.store.StoreException;

/**
 * Files of one workspace folder, addressed by '/'-separated paths relative to it. A path that
 * would leave the folder (dot-dot, absolute, NUL, or through a symbolic link the sandbox made) is
 * refused, so a caller reads and writes only what the sandbox itself can.
 */
public final class WorkspaceFiles {

    /** Most entries one listing returns. */
    public static final int MAX_LISTING = 100_000;

    private final Path root;

    public WorkspaceFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The host path of {@code relative}, refusing any that leaves the workspace. */
    public Path resolve(String relative) {
        String rel = relative == null ? "" : relative.strip();
        while (rel.startsWith("/")) {
            rel = rel.substring(1); // "/src/a" and "src/a" both mean the same file of the workspace
        }
        if (rel.indexOf('\0') >= 0 || rel.contains("\\")) {
            throw StoreException.invalid("path '" + printable(relative) + "' may not contain NUL or backslashes");
        }
        for (String segment : rel.split("/")) {
            if (segment.equals("..")) {
                throw StoreException.invalid("path '" + printable(relative) + "' may not contain '..'");
            }
        }
        Path p = root.resolve(rel).normalize();
        if (!p.startsWith(root)) {
            throw StoreException.invalid("path '" + printable(relative) + "' leaves the workspace");
        }
        requireNoLinkOut(p, relative);
        return p;
    }

    /** Lists {@code folder}, optionally its whole tree, in path order. */
    public WorkspaceListing list(String folder, boolean recursive, int limit) {
        if (limit < 1 || limit > MAX_LISTING) {
            throw StoreException.invalid("limit must be between 1 and " + MAX_LISTING + ", not " + limit);
        }
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                    ? StoreException.invalid("'" + relative(dir) + "' is a file, not a folder: read it instead")
                    : StoreException.notFound("folder '" + relative(dir) + "' not found in the workspace");
        }
        TreeWalk.Result<WorkspaceEntry> walked = TreeWalk.walk(dir, relative(dir), recursive, limit, WorkspaceFiles::entry);
        List<WorkspaceEntry> entries = new ArrayList<>(walked.entries());
        entries.sort(java.util.Comparator.comparing(WorkspaceEntry::path));
        return new WorkspaceListing(relative(dir), entries, walked.truncated());
    }

    /** Opens a file; the caller closes the stream. */
    public InputStream read(String path) {
        Path p = resolve(path);
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.invalid("'" + relative(p) + "' is a folder: list it instead");
        }
        try {
            return Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw StoreException.notFound("file '" + relative(p) + "' not found in the workspace");
        } catch (IOException e) {
            throw unavailable("cannot read '" + relative(p) + "': " + e.getMessage(), e);
        }
    }

    /** Writes a file whole through a temporary file, so a failed write keeps the old content. */
    public WorkspaceEntry write(String path, InputStream content) {
        Path p = resolve(path);
        if (p.equals(root) || Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw StoreException.invalid("'" + relative(p) + "' is a folder and cannot be written as a file");
        }
        Path tmp = null;
        try {
            Files.createDirectories(p.getParent());
            requireNoLinkOut(p.getParent(), path);
            tmp = p.resolveSibling(".studio-upload-" + UUID.randomUUID());
            Files.copy(content, tmp);
            try {
                Files.move(tmp, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING);
            }
            return entry(p, Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw unavailable("cannot write '" + relative(p) + "': " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the file was moved or never written
                }
            }
        }
    }

    /** Deletes a file or an empty folder. */
    public boolean delete(String path) {
        Path p = resolve(path);
        if (p.equals(root)) {
            throw StoreException.invalid("the workspace root cannot be deleted");
        }
        try {
            return Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            throw StoreException.conflict("folder '" + relative(p) + "' is not empty: delete its files first");
        } catch (IOException e) {
            throw unavailable("cannot delete '" + relative(p) + "': " + e.getMessage(), e);
        }
    }

    private WorkspaceEntry entry(Path p, BasicFileAttributes a) {
        return entry(relative(p), a);
    }

    private static WorkspaceEntry entry(String relative, BasicFileAttributes a) {
        return new WorkspaceEntry(relative, a.isDirectory(), a.isDirectory() ? 0 : a.size(),
                a.lastModifiedTime().toInstant());
    }

    private String relative(Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    /** Refuses a path any of whose existing parts is a symbolic link leading out of the workspace. */
    private void requireNoLinkOut(Path p, String asGiven) {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null || !existing.startsWith(root)) {
            return;
        }
        try {
            if (!existing.toRealPath().startsWith(root.toRealPath())) {
                throw StoreException.invalid("path '" + printable(asGiven) + "' leads out of the workspace"
                        + " through a symbolic link");
            }
        } catch (IOException e) {
            throw unavailable("cannot resolve '" + printable(asGiven) + "': " + e.getMessage(), e);
        }
    }

    public static StoreException unavailable(String message, Exception cause) {
        return new StoreException(StoreException.Kind.UNAVAILABLE, message, cause);
    }

    private static String printable(String s) {
        return s == null ? "" : s.replace('\0', '?');
    }
}
